using System.Text.Json;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// The command line tells the truth about itself: --json where offered, usage errors that say what was meant, help
/// that lists every option, one message per failure, and lines a log file keeps whole.
/// </summary>
public sealed class CommandLineCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();
    private readonly CliRunner cli;

    public CommandLineCliTests() => cli = new CliRunner(ws);

    public void Dispose() => ws.Dispose();

    [Fact]
    public async Task Cancel_AndSecretsAllow_PrintJson_WhenAskedFor()
    {
        var cancel = await cli.RunAsync("cancel", "--json");
        var allow = await cli.RunAsync("secrets", "allow", "0123456789abcdef", "-m", "a test value", "--json");
        var again = await cli.RunAsync("secrets", "allow", "0123456789abcdef", "--json");

        Assert.Equal(0, cancel.Exit);
        using (var doc = JsonDocument.Parse(cancel.Out))
        {
            Assert.False(doc.RootElement.GetProperty("cancel_requested").GetBoolean());
        }

        Assert.Equal(0, allow.Exit);
        using (var doc = JsonDocument.Parse(allow.Out))
        {
            Assert.Equal("0123456789abcdef", doc.RootElement.GetProperty("fingerprint").GetString());
            Assert.False(doc.RootElement.GetProperty("already_allowed").GetBoolean());
        }

        using (var doc = JsonDocument.Parse(again.Out))
        {
            Assert.True(doc.RootElement.GetProperty("already_allowed").GetBoolean());
        }
    }

    [Fact]
    public async Task Forget_KeepDailyThatIsNotANumber_NamesTheOptionAndWhy()
    {
        var (exit, _, err) = await cli.RunAsync("forget", "--keep-daily", "abc", "--keep-weekly", "1");

        Assert.Equal(2, exit);
        Assert.Contains("--keep-daily: 'abc' is not a whole number", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOptionOrCommand_SuggestsTheNearOne()
    {
        var option = await cli.RunAsync("init", ws.Workspace, "--forse");
        var command = await cli.RunAsync("snc");
        var sub = await cli.RunAsync("remote", "sett", "/x");

        Assert.Equal(2, option.Exit);
        Assert.Contains("Unknown option '--forse'", option.Err, StringComparison.Ordinal);
        Assert.Contains("Did you mean '--force'?", option.Err, StringComparison.Ordinal);
        Assert.Equal(2, command.Exit);
        Assert.Contains("Did you mean 'sync'?", command.Err, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'set'?", sub.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", (await cli.RunAsync("init", ws.Workspace, "--zzzzzz")).Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigWithATomlSyntaxError_NamesFileAndLine_NotTheParsersTypes()
    {
        File.WriteAllText(ws.Config.ConfigFile, File.ReadAllText(ws.Config.ConfigFile).Replace("preset = \"none\"", "preset = none", StringComparison.Ordinal));

        var (exit, _, err) = await cli.RunAsync("status");

        Assert.Equal(2, exit);
        Assert.Contains($"error {ErrorCodes.Config}: {ws.Config.ConfigFile}, line ", err, StringComparison.Ordinal);
        Assert.Contains("not valid TOML", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Tomlyn", err, StringComparison.Ordinal);
        Assert.DoesNotContain("converter", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheGlobalOptions_TheBranchOptions_AndHelpIsACommand()
    {
        var top = await cli.RunAsync("--help");
        var help = await cli.RunAsync("help");
        var secrets = await cli.RunAsync("help", "secrets");
        var sync = await cli.RunAsync("help", "sync");

        Assert.Equal(0, top.Exit);
        Assert.Contains("-v, --verbose", top.Out, StringComparison.Ordinal);
        Assert.Contains("--version", top.Out, StringComparison.Ordinal);
        Assert.Equal(0, help.Exit);
        Assert.Contains("COMMANDS", help.Out, StringComparison.Ordinal);
        Assert.Equal(0, secrets.Exit);
        Assert.Contains("--workspace", secrets.Out, StringComparison.Ordinal);
        Assert.Contains("--json", secrets.Out, StringComparison.Ordinal);
        Assert.Contains("--no-push", sync.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandCatalog_NamesEveryCommand_AndEachPathHasHelp()
    {
        var commands = typeof(BrainRepoApp).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Spectre.Console.Cli.ICommand).IsAssignableFrom(t))
            .ToHashSet();

        Assert.Equal(commands.OrderBy(t => t.Name), CommandCatalog.Commands.Values.Distinct().OrderBy(t => t.Name));
        foreach (var path in CommandCatalog.Commands.Keys)
        {
            var help = await cli.RunAsync([.. path.Split(' '), "--help"]);
            Assert.True(help.Exit == 0, path + ": " + help.Err);
        }
    }

    [Fact]
    public async Task FailedPush_IsPrintedOnce_NotAlsoAsAWarningLogLine()
    {
        using var log = new StringWriter();
        using var factory = new LoggerFactory([new StderrLoggerProvider(LogLevel.Warning, log)], new LoggerFilterOptions { MinLevel = LogLevel.Warning });
        cli.LoggerFactory = factory;
        await cli.RunAsync("remote", "set", Path.Combine(ws.Root, "missing.git"), "--no-check");
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync");

        Assert.Equal(4, sync.Exit);
        Assert.Contains("push failed", sync.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("GitRemoteClient", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OutputThatIsNotATerminal_IsNeverWrapped()
    {
        var line = "x" + string.Concat(Enumerable.Repeat(" a-long-cron-log-line", 20));
        using var redirected = new StringWriter();
        using var terminal = new StringWriter();

        CliConsoles.For(redirected, redirected: true).MarkupLine(Markup.Escape(line));
        var narrow = CliConsoles.For(terminal, redirected: false);
        narrow.Profile.Width = 80;
        narrow.MarkupLine(Markup.Escape(line));

        Assert.Equal(line, redirected.ToString().TrimEnd('\n', '\r'));
        Assert.NotEqual(line, terminal.ToString().TrimEnd('\n', '\r'));
    }
}

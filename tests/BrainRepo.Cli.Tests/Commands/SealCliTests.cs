using BrainRepo.Core.Model;
using System.Collections.Concurrent;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Tests.Commands;

public sealed class SealCliTests
{
    private static readonly string Token = "ghp_" + new string([.. Enumerable.Range(0, 36).Select(i => "aB3xK9zQmP7wR2tY5uI8oL1kJ4hG6fD0sA"[(i * 7) % 34])]);
    private static readonly string Content = $"NAME=sealed-demo-marker\nGITHUB_TOKEN={Token}\nREGION=eu\n";

    private static (TestWorkspace Ws, CliRunner Cli, ConcurrentQueue<string> Logs) Setup()
    {
        var ws = new TestWorkspace(configOverride: "secrets = \"seal\"");
        var logs = new ConcurrentQueue<string>();
        var cli = new CliRunner(ws) { LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs))) };
        ws.Write("config/deploy.env", Content);
        ws.Write("notes/plain.md", "plain\n");
        return (ws, cli, logs);
    }

    [Fact]
    public async Task Sync_WithSeal_CreatesTheKeyOnce_AndANewMachineRestoresOnlyWithIt()
    {
        var (ws, cli, logs) = Setup();
        using var _ = ws;

        var first = await cli.RunAsync("sync");
        ws.Write("notes/plain.md", "plain, changed\n");
        var second = await cli.RunAsync("sync");

        Assert.True(first.Exit == 0, first.Out + first.Err);
        Assert.Contains("BACK IT UP", first.Err, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.DoesNotContain("BACK IT UP", second.Err, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ws.Config.SealKeyFile));
        var key = SealKeyStore.ReadFile(ws.Config.SealKeyFile)!;
        Assert.Contains(ws.Report().Entries, e => e.Path == "config/deploy.env" && e.Disposition == Disposition.SealedSecret);

        var secrets = await cli.RunAsync("secrets", "--json");
        var report = await cli.RunAsync("report", "--json");
        var verify = await cli.RunAsync("verify");
        Assert.Equal(0, secrets.Exit); // sealed files are backed up in full
        Assert.Contains("sealed-secret", secrets.Out, StringComparison.Ordinal);
        Assert.Contains("sealed-secret", report.Out, StringComparison.Ordinal);
        Assert.Equal(0, verify.Exit);
        Assert.Contains("sealed, decrypted and compared  1", verify.Out, StringComparison.Ordinal);

        // Keep a copy of the key off the machine, as the warning says.
        var saved = Path.Combine(ws.Root, "usb", "brain-seal.key");
        Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
        Assert.Equal(0, (await cli.RunAsync("secrets", "key", "--to", saved)).Exit);
        var printed = new CliRunner(ws);
        var shown = await printed.RunAsync("secrets", "key");
        Assert.Equal(key.Export(), shown.Out.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(saved));

        // A new machine: nothing but the backup repository (and, later, the saved key).
        var target = Path.Combine(ws.Root, "new-machine", "brain");
        var noKey = await cli.RunAsync("restore", "HEAD", "--from", ws.Config.RepositoryPath, "--to", target);
        var dry = await cli.RunAsync("restore", "HEAD", "--from", ws.Config.RepositoryPath, "--to", target, "--dry-run", "--seal-key-file", saved);
        Assert.Equal(1, noKey.Exit);
        Assert.Contains("config/deploy.env", noKey.Err, StringComparison.Ordinal);
        Assert.Contains($"sealed with key {key.Id}, and no seal key was given", noKey.Err, StringComparison.Ordinal);
        Assert.Equal(0, dry.Exit);
        Assert.Contains("sealed     config/deploy.env", dry.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));

        var restored = await cli.RunAsync("restore", "HEAD", "--from", ws.Config.RepositoryPath, "--to", target, "--seal-key-file", saved);
        cli.Environment[SealKeyStore.EnvironmentVariable] = key.Export();
        var viaEnvironment = await cli.RunAsync("restore", "HEAD", "--from", ws.Config.RepositoryPath, "--to", target + "-env", "--json");

        Assert.True(restored.Exit == 0, restored.Out + restored.Err);
        Assert.Equal(Content, File.ReadAllText(Path.Combine(target, "config/deploy.env")));
        Assert.Equal("plain, changed\n", File.ReadAllText(Path.Combine(target, "notes/plain.md")));
        Assert.Equal(0, viaEnvironment.Exit);
        Assert.Equal(Content, File.ReadAllText(Path.Combine(target + "-env", "config/deploy.env")));

        // Neither the secret nor the key is in any output (but 'secrets key' itself), log line, or the backup repository.
        var everything = cli.Transcript + string.Join('\n', logs) + ws.Git("cat-file", "--batch-all-objects", "--batch").Out
            + File.ReadAllText(Path.Combine(ws.Config.RepositoryPath, "config"));
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed-demo-marker", ws.Git("cat-file", "--batch-all-objects", "--batch").Out, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Export(), everything, StringComparison.Ordinal);
        Assert.NotEmpty(logs);
    }

    [Fact]
    public async Task Restore_IntoTheWorkspace_DecryptsSealedFiles_AndTheSafetySnapshotSealsTheCurrentOnes()
    {
        var (ws, cli, _) = Setup();
        using var __ = ws;
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        var snapshot = ws.Head()!;
        ws.Write("config/deploy.env", Content + "LATER=1\n");

        var (exit, output, err) = await cli.RunAsync("restore", snapshot);

        Assert.True(exit == 0, output + err);
        Assert.Equal(Content, File.ReadAllText(ws.PathOf("config/deploy.env")));
        Assert.Contains("pre-restore/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not in the safety snapshot", output, StringComparison.Ordinal); // sealed files are in it: nothing copied aside
        var safety = ws.Report(ws.Git("rev-parse", "HEAD").Out.Trim());
        Assert.Contains(safety.Entries, e => e.Path == "config/deploy.env" && e.Disposition == Disposition.SealedSecret);
        Assert.DoesNotContain(Token, ws.Git("cat-file", "--batch-all-objects", "--batch").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithoutTheKey_SaysSealedContentWasNotChecked()
    {
        var (ws, cli, _) = Setup();
        using var __ = ws;
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        File.Move(ws.Config.SealKeyFile, Path.Combine(ws.Root, "elsewhere.key"));

        var (exit, output, _) = await cli.RunAsync("verify");

        Assert.Equal(0, exit);
        Assert.Contains("content NOT checked", output, StringComparison.Ordinal);
        Assert.DoesNotContain("OK: every file", output, StringComparison.Ordinal); // not the unqualified pass

        // The saved key, given explicitly, lets verify decrypt and compare again.
        var withKey = await cli.RunAsync("verify", "--seal-key-file", Path.Combine(ws.Root, "elsewhere.key"), "--json");
        Assert.True(withKey.Exit == 0, withKey.Out + withKey.Err);
        Assert.Contains("\"sealed_checked\": 1", withKey.Out, StringComparison.Ordinal);
        Assert.Contains("\"sealed_not_checked\": 0", withKey.Out, StringComparison.Ordinal);

        var missing = await cli.RunAsync("verify", "--seal-key-file", Path.Combine(ws.Root, "no-such.key"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("no-such.key does not exist", missing.Err, StringComparison.Ordinal);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}

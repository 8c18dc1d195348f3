using System.Text;
using System.Text.Json;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Tests.Remote;

[Trait("Category", "Integration")]
[Collection(HttpRemoteCliCollection.Name)]
public sealed class HttpRemoteCliTests : IDisposable
{
    private const string Token = "ghp_CliLeakCanary_7d3a9e51c2";
    private const string TokenVariable = "BRAINREPO_TEST_REMOTE_TOKEN";
    private readonly TestWorkspace ws = new();
    private readonly CliRunner cli;

    public HttpRemoteCliTests()
    {
        cli = new CliRunner(ws);
        cli.Environment[TokenVariable] = Token;
    }

    public void Dispose() => ws.Dispose();

    private string ServerRoot()
    {
        var root = Path.Combine(ws.Root, "served");
        Directory.CreateDirectory(root);
        return root;
    }

    [Fact]
    public async Task TokenFromEnvironment_PushesOverHttp_AndTheTokenAppearsNowhere()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        var served = server.CreateRepository("brain.git");
        using var logs = new RecordingLoggerProvider();
        cli.LoggerFactory = new LoggerFactory([logs], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var other = Path.Combine(ws.Root, "other");
        var authed = new Dictionary<string, string> { ["GIT_CONFIG_COUNT"] = "1", ["GIT_CONFIG_KEY_0"] = "http.extraHeader", ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + BasicAuth() };

        // Every command that touches the remote, through the CLI, with the token coming from an environment variable.
        Assert.Equal(0, (await cli.RunAsync("remote", "set", server.Url("brain.git"), "--token-env", TokenVariable)).Exit);
        ws.Write("notes/a.md", "first");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        Assert.Equal(ws.Head(), TestGit.RevParse(served, "refs/heads/main"));
        cli.Time = new OffsetTimeProvider(TimeSpan.FromDays(-2));
        Assert.Equal(0, (await cli.RunAsync("tag", "--daily")).Exit);
        cli.Time = TimeProvider.System;
        var oldDaily = TestGit.Run(null, "--git-dir=" + served, "for-each-ref", "--format=%(refname)", "refs/tags/snapshot/daily/");
        Assert.StartsWith("refs/tags/snapshot/daily/", oldDaily, StringComparison.Ordinal);
        TestGit.PushFromAnotherClone(server.Url("brain.git"), other, "elsewhere.md", "from the host", authed);
        ws.Write("notes/a.md", "second");
        Assert.Equal(0, (await cli.RunAsync("milestone", "v1", "-m", "first milestone")).Exit);
        Assert.Equal(ws.Head(), TestGit.RevParse(served, "refs/heads/main"));
        Assert.NotNull(TestGit.TryRun(served, "rev-parse", "--verify", "--quiet", "refs/tags/milestone/v1"));
        Assert.Equal(0, (await cli.RunAsync("tag", "--daily", "--weekly")).Exit);
        Assert.Equal(0, (await cli.RunAsync("push", "--json")).Exit);
        Assert.Equal(0, (await cli.RunAsync("forget", "--keep-daily", "1", "--keep-weekly", "1")).Exit);
        Assert.Null(TestGit.TryRun(served, "rev-parse", "--verify", "--quiet", oldDaily));
        Assert.NotNull(TestGit.TryRun(served, "rev-parse", "--verify", "--quiet", "refs/tags/milestone/v1"));
        Assert.Equal(0, (await cli.RunAsync("remote", "show", "--json")).Exit);
        Assert.Equal(0, (await cli.RunAsync("status", "--json")).Exit);
        Assert.Equal(0, (await cli.RunAsync("snapshots", "--json")).Exit);
        await server.StopAsync();
        ws.Write("notes/a.md", "third");
        var down = await cli.RunAsync("sync");
        Assert.Contains($"push failed {ErrorCodes.RemoteUnavailable}:", down.Err, StringComparison.Ordinal);
        Assert.Equal(1, (await cli.RunAsync("push")).Exit);
        server.Start();
        cli.Environment["WRONG"] = Token + "-wrong";
        var refused = await cli.RunAsync("remote", "set", server.Url("brain.git"), "--token-env", "WRONG");
        Assert.Equal(1, refused.Exit);
        Assert.Contains($"error {ErrorCodes.RemoteAuthenticationFailed}:", refused.Err, StringComparison.Ordinal);
        await cli.RunAsync("remote", "set", server.Url("brain.git"), "--token-env", "WRONG", "--no-check");
        Assert.Equal(1, (await cli.RunAsync("push")).Exit);

        var forms = new[] { Token, Uri.EscapeDataString(Token), BasicAuth(), Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)) };
        var transcript = cli.Transcript.ToString();
        var logLines = string.Join('\n', logs.Lines);
        Assert.NotEmpty(logs.Lines);
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, transcript, StringComparison.Ordinal);
            Assert.DoesNotContain(form, logLines, StringComparison.Ordinal);
        }

        // Every file BrainRepo wrote: the state database (and its WAL), the encrypted credential file, the
        // backup repository's config, FETCH_HEAD, reflogs and packs.
        var files = Directory.EnumerateFiles(ws.Home, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("state.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(Path.Combine("repo.git", "config"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains(Path.Combine("repo.git", "logs"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("credentials.json", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var form in forms)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"the token ({form.Length} chars) appears in {file}");
            }
        }
    }

    [Fact]
    public async Task WrongToken_IsAClearAuthenticationError_RecordedInStatus()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        server.CreateRepository("brain.git");
        ws.Write("a.md", "a");
        Assert.Equal(0, (await cli.RunWithInputAsync("ghp_NotTheToken_0000\n", "remote", "set", server.Url("brain.git"), "--token-stdin", "--no-check")).Exit);

        var sync = await cli.RunAsync("sync");
        var push = await cli.RunAsync("push");

        Assert.Equal(4, sync.Exit);
        Assert.Contains($"push failed {ErrorCodes.RemoteAuthenticationFailed}:", sync.Err, StringComparison.Ordinal);
        Assert.Equal(1, push.Exit);
        Assert.Contains($"error {ErrorCodes.RemoteAuthenticationFailed}:", push.Err, StringComparison.Ordinal);
        Assert.Contains("authentication failed", push.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_NotTheToken_0000", cli.Transcript.ToString(), StringComparison.Ordinal);
        var status = await cli.RunAsync("status", "--json");
        using var doc = JsonDocument.Parse(status.Out);
        var remote = doc.RootElement.GetProperty("remote");
        Assert.Contains("authentication failed", remote.GetProperty("last_error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, remote.GetProperty("pending_snapshots").GetInt32());
    }

    [Fact]
    public async Task RemoteDownThenBack_PendingGrowsThenEverythingLands()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        var served = server.CreateRepository("brain.git");
        await cli.RunAsync("remote", "set", server.Url("brain.git"), "--token-env", TokenVariable);
        await server.StopAsync();

        for (var i = 1; i <= 3; i++)
        {
            ws.Write("a.md", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(4, (await cli.RunAsync("sync")).Exit);
        }

        var status = await cli.RunAsync("status");
        Assert.Contains("Not pushed  3 snapshot(s)", status.Out, StringComparison.Ordinal);
        Assert.Contains("Last error", status.Out, StringComparison.Ordinal);

        server.Start();
        var push = await cli.RunAsync("push");

        Assert.Equal(0, push.Exit);
        Assert.Equal(ws.Head(), TestGit.RevParse(served, "refs/heads/main"));
        Assert.Equal("3", TestGit.Run(null, "--git-dir=" + served, "rev-list", "--count", "refs/heads/main"));
        Assert.Contains("Not pushed  0 snapshot(s)", (await cli.RunAsync("status")).Out, StringComparison.Ordinal);
    }

    private static string BasicAuth() => Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token));
}

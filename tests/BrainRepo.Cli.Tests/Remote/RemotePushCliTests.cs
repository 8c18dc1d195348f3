using System.Text.Json;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Tests.Remote;

[Trait("Category", "Integration")]
public sealed class RemotePushCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();
    private readonly CliRunner cli;

    public RemotePushCliTests() => cli = new CliRunner(ws);

    public void Dispose() => ws.Dispose();

    private string NewBareRemote(string name = "remote.git") => TestGit.InitBare(Path.Combine(ws.Root, name));

    private async Task<JsonElement> PushStatusAsync()
    {
        var status = await cli.RunAsync("status", "--json");
        using var doc = JsonDocument.Parse(status.Out);
        return doc.RootElement.GetProperty("remote").Clone();
    }

    [Fact]
    public async Task Sync_WithLocalBareRemote_PushesVerified_AndStatusShowsIt()
    {
        var remote = NewBareRemote();
        ws.Write("notes/a.md", "a");
        Assert.Equal(0, (await cli.RunAsync("remote", "set", remote)).Exit);

        var sync = await cli.RunAsync("sync");

        Assert.Equal(0, sync.Exit);
        Assert.Contains("verified", sync.Out, StringComparison.Ordinal);
        Assert.Equal(ws.Head(), TestGit.RevParse(remote, "refs/heads/main"));
        var push = await PushStatusAsync();
        Assert.Equal(ws.Head(), push.GetProperty("last_verified_push").GetProperty("commit").GetString());
        Assert.Equal(0, push.GetProperty("pending_snapshots").GetInt32());
        Assert.Equal(JsonValueKind.Null, push.GetProperty("last_error").ValueKind);
        var text = await cli.RunAsync("status");
        Assert.Contains("Last push   " + ws.Head()![..12] + " verified", text.Out, StringComparison.Ordinal);
        Assert.Contains("Not pushed  0 snapshot(s)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_NoPush_LeavesTheSnapshotPending_ThenPushLandsIt()
    {
        var remote = NewBareRemote();
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync", "--no-push");

        Assert.Equal(0, sync.Exit);
        Assert.Null(TestGit.TryRun(remote, "rev-parse", "--verify", "--quiet", "refs/heads/main"));
        Assert.Equal(1, (await PushStatusAsync()).GetProperty("pending_snapshots").GetInt32());
        var push = await cli.RunAsync("push", "--json");
        Assert.Equal(0, push.Exit);
        using var doc = JsonDocument.Parse(push.Out);
        Assert.True(doc.RootElement.GetProperty("pushed").GetBoolean());
        Assert.Equal(ws.Head(), TestGit.RevParse(remote, "refs/heads/main"));
    }

    [Fact]
    public async Task Sync_WhenRemoteIsDown_KeepsExitCode_RecordsError_PendingGrows_ThenLandsWhenItIsBack()
    {
        var remote = NewBareRemote();
        await cli.RunAsync("remote", "set", remote);
        Directory.Move(remote, remote + ".away");
        ws.Write("a.md", "1");

        var first = await cli.RunAsync("sync");

        Assert.Equal(4, first.Exit);
        Assert.Contains("push failed", first.Err, StringComparison.Ordinal);
        var afterFirst = await PushStatusAsync();
        Assert.Equal(1, afterFirst.GetProperty("pending_snapshots").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, afterFirst.GetProperty("last_error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, afterFirst.GetProperty("next_retry_at").ValueKind);

        ws.Write("a.md", "2");
        var second = await cli.RunAsync("sync");
        Assert.Equal(4, second.Exit);
        Assert.Contains("next attempt after", second.Err, StringComparison.Ordinal);
        Assert.Equal(2, (await PushStatusAsync()).GetProperty("pending_snapshots").GetInt32());
        Assert.Contains("Last error", (await cli.RunAsync("status")).Out, StringComparison.Ordinal);

        // The remote is back and the retry time has come (the clock is two hours ahead): the next sync pushes everything.
        Directory.Move(remote + ".away", remote);
        cli.Time = new OffsetTimeProvider(TimeSpan.FromHours(2));
        var third = await cli.RunAsync("sync");

        Assert.Equal(0, third.Exit);
        Assert.Contains("verified", third.Out, StringComparison.Ordinal);
        Assert.Equal(ws.Head(), TestGit.RevParse(remote, "refs/heads/main"));
        Assert.Equal("2", TestGit.Run(null, "--git-dir=" + remote, "rev-list", "--count", "refs/heads/main"));
        var landed = await PushStatusAsync();
        Assert.Equal(0, landed.GetProperty("pending_snapshots").GetInt32());
        Assert.Equal(JsonValueKind.Null, landed.GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task Sync_CtrlCWhileThePushRuns_DoesNotInterruptIt()
    {
        var remote = NewBareRemote();
        await cli.RunAsync("remote", "set", remote);
        using var ctrlC = new CancellationTokenSource();
        using var factory = new LoggerFactory(
            [new CallbackLoggerProvider(category =>
            {
                if (category.EndsWith(".GitRemoteClient", StringComparison.Ordinal))
                {
                    ctrlC.Cancel();
                }
            })],
            new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        cli.LoggerFactory = factory;
        cli.Cancellation = ctrlC.Token;
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync");

        Assert.True(ctrlC.IsCancellationRequested, "the push must have started");
        Assert.Equal(0, sync.Exit);
        Assert.Contains("Cancel requested", sync.Err, StringComparison.Ordinal);
        Assert.Equal(ws.Head(), TestGit.RevParse(remote, "refs/heads/main"));
        cli.Cancellation = CancellationToken.None;
        Assert.Equal(0, (await PushStatusAsync()).GetProperty("pending_snapshots").GetInt32());
    }

    [Fact]
    public async Task Push_WhenRemoteFails_ExitsOneNamingTheCause_AndRecordsIt()
    {
        var remote = NewBareRemote();
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "1");
        await cli.RunAsync("sync", "--no-push");
        Directory.Delete(remote, recursive: true);

        var push = await cli.RunAsync("push");

        Assert.Equal(1, push.Exit);
        Assert.Matches(@"error BR[13]\d{3}:", push.Err);
        Assert.Contains("stay local", push.Err, StringComparison.Ordinal);
        var state = await PushStatusAsync();
        Assert.Equal(1, state.GetProperty("consecutive_failures").GetInt32());
    }

    [Fact]
    public async Task Sync_WhenRemoteMovedAhead_WritesAMergeThatKeepsTheRemoteHistory()
    {
        var remote = NewBareRemote();
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "1");
        await cli.RunAsync("sync");
        var theirs = TestGit.PushFromAnotherClone(remote, Path.Combine(ws.Root, "other"), "elsewhere.txt", "edited on the host");
        ws.Write("a.md", "2");

        var sync = await cli.RunAsync("sync");

        Assert.Equal(0, sync.Exit);
        Assert.Contains("merged 1 remote commit", sync.Out, StringComparison.Ordinal);
        var head = ws.Head()!;
        Assert.Equal(head, TestGit.RevParse(remote, "refs/heads/main"));
        Assert.Equal(theirs, TestGit.RevParse(remote, "refs/heads/main^2"));
        Assert.Equal(TestGit.RevParse(ws.Config.RepositoryPath, "refs/heads/main^1^{tree}"), TestGit.RevParse(remote, "refs/heads/main^{tree}"));
        Assert.Equal(0, (await PushStatusAsync()).GetProperty("pending_snapshots").GetInt32());

        // The merge commit is already on the remote: an unchanged sync leaves nothing pending.
        var again = await cli.RunAsync("sync");
        Assert.Equal(0, again.Exit);
        Assert.Equal(head, ws.Head());
        Assert.Equal(0, (await PushStatusAsync()).GetProperty("pending_snapshots").GetInt32());
    }

    [Fact]
    public async Task RemoteSet_UrlWithEmbeddedCredentials_IsRefusedClearly_AndChangesNothing()
    {
        var set = await cli.RunAsync("remote", "set", "https://me:ghp_InUrl0000@example.com/brain.git");

        Assert.Equal(2, set.Exit);
        Assert.Contains($"error {ErrorCodes.RemoteUrlInvalid}:", set.Err, StringComparison.Ordinal);
        Assert.Contains("embedded credentials", set.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", set.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_InUrl0000", set.Err + set.Out, StringComparison.Ordinal);
        var show = await cli.RunAsync("remote", "show", "--json");
        using var doc = JsonDocument.Parse(show.Out);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("remote").GetProperty("url").ValueKind);
    }

    [Fact]
    public async Task RemoteSet_PlainTokenArgument_WarnsThatArgumentsShowInPs()
    {
        var set = await cli.RunAsync("remote", "set", "https://example.com/brain.git", "--token", "ghp_Plain1111", "--no-check");

        Assert.Equal(0, set.Exit);
        Assert.Contains("'ps'", set.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_Plain1111", set.Out + set.Err, StringComparison.Ordinal);
        var show = await cli.RunAsync("remote", "show");
        Assert.Contains("stored (encrypted)", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteSet_TwoTokenSources_IsAUsageError()
    {
        cli.Environment["T"] = "x";
        var set = await cli.RunAsync("remote", "set", "https://example.com/b.git", "--token-env", "T", "--token-stdin");
        Assert.Equal(2, set.Exit);
    }

    [Fact]
    public async Task RemoteRemove_ForgetsTheRemoteAndItsToken()
    {
        cli.Environment["T"] = "ghp_RemoveMe2222";
        await cli.RunAsync("remote", "set", "https://example.com/b.git", "--token-env", "T", "--no-check");

        var remove = await cli.RunAsync("remote", "remove");

        Assert.Equal(0, remove.Exit);
        Assert.Contains("removed", remove.Out, StringComparison.Ordinal);
        Assert.Contains("Remote      none", (await cli.RunAsync("remote", "show")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"remote\"", File.ReadAllText(Path.Combine(ws.Config.StateDirectory, "credentials.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_RejectedByTheRemote_NamesTheCause()
    {
        var remote = NewBareRemote();
        TestGit.InstallHook(remote, "pre-receive", "echo 'policy: pushes are closed' >&2; exit 1");
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync");
        var push = await cli.RunAsync("push");

        Assert.Equal(4, sync.Exit);
        Assert.Contains($"push failed {ErrorCodes.RemoteRejectedByHook}:", sync.Err, StringComparison.Ordinal);
        Assert.Equal(1, push.Exit);
        Assert.Contains($"error {ErrorCodes.RemoteRejectedByHook}:", push.Err, StringComparison.Ordinal);
        Assert.Equal(1, (await PushStatusAsync()).GetProperty("pending_snapshots").GetInt32());
    }

    [Fact]
    public async Task Push_WhenTheMasterKeyIsLost_IsTheClearDecryptError_NeverAnEmptyToken()
    {
        cli.Environment["T"] = "ghp_KeyLost3333";
        await cli.RunAsync("remote", "set", "https://example.com/brain.git", "--token-env", "T", "--no-check");
        File.Delete(Path.Combine(ws.Config.StateDirectory, "master.key"));
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync");
        var push = await cli.RunAsync("push");

        Assert.Equal(4, sync.Exit);
        Assert.Contains("cannot decrypt the stored token: re-enter it or restore the key", sync.Err, StringComparison.Ordinal);
        Assert.Equal(1, push.Exit);
        Assert.Contains($"error {ErrorCodes.CredentialDecryptFailed}:", push.Err, StringComparison.Ordinal);
        Assert.Contains("cannot decrypt", (await cli.RunAsync("status")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_WhenTheCredentialFileIsGarbled_CommitsAndRecordsAPushFailureNamingTheFileAndTheFix()
    {
        cli.Environment["T"] = "ghp_Garbled4444";
        await cli.RunAsync("remote", "set", "https://example.com/brain.git", "--token-env", "T", "--no-check");
        var file = Path.Combine(ws.Config.StateDirectory, "credentials.json");
        File.WriteAllText(file, "{\"Version\": 1, \"Entr");
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync");
        var push = await cli.RunAsync("push");
        var show = await cli.RunAsync("remote", "show");

        Assert.Equal(4, sync.Exit); // the snapshot is committed (saved here, not on the remote); the push failed like any push, recorded for a retry
        Assert.DoesNotContain("internal error", sync.Err, StringComparison.Ordinal);
        Assert.Contains($"push failed {ErrorCodes.CredentialFileDamaged}:", sync.Err, StringComparison.Ordinal);
        Assert.Contains(file, sync.Err, StringComparison.Ordinal);
        Assert.Contains("brainrepo remote set", sync.Err, StringComparison.Ordinal);
        Assert.NotNull(ws.Head());
        Assert.Equal(1, push.Exit);
        Assert.Contains($"error {ErrorCodes.CredentialFileDamaged}:", push.Err, StringComparison.Ordinal);
        Assert.Contains(file, push.Err, StringComparison.Ordinal);
        Assert.Equal(0, show.Exit);
        Assert.Contains($"error {ErrorCodes.CredentialFileDamaged}:", show.Out, StringComparison.Ordinal);
        Assert.Contains(file, show.Out, StringComparison.Ordinal);
        var status = await PushStatusAsync();
        Assert.Equal(1, status.GetProperty("pending_snapshots").GetInt32());
        Assert.Contains("damaged", status.GetProperty("last_error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var set = await cli.RunAsync("remote", "set", "https://example.com/brain.git", "--token-env", "T", "--no-check");

        Assert.Equal(0, set.Exit);
        Assert.Contains("stored (encrypted)", (await cli.RunAsync("remote", "show")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteSet_RelativePath_IsResolvedFromTheCurrentFolder()
    {
        var remote = NewBareRemote();

        await cli.RunAsync("remote", "set", Path.GetRelativePath(ws.Workspace, remote));

        var show = await cli.RunAsync("remote", "show", "--json");
        using var doc = JsonDocument.Parse(show.Out);
        Assert.Equal(remote, doc.RootElement.GetProperty("remote").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Push_WithoutRemote_IsAUsageErrorWithTheFix()
    {
        ws.Write("a.md", "a");
        await cli.RunAsync("sync");

        var push = await cli.RunAsync("push");

        Assert.Equal(2, push.Exit);
        Assert.Contains("brainrepo remote set", push.Err, StringComparison.Ordinal);
    }
}

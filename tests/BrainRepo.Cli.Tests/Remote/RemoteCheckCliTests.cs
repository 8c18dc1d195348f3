using System.Text.Json;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Cli.Tests.Remote;

/// <summary>
/// A broken remote shows: <c>remote set</c> checks it before saving, a sync whose push fails exits 4, and
/// <c>status</c> exits 4 once pushes keep failing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RemoteCheckCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();
    private readonly CliRunner cli;

    public RemoteCheckCliTests() => cli = new CliRunner(ws);

    public void Dispose() => ws.Dispose();

    private async Task<JsonElement> RemoteAsync()
    {
        var show = await cli.RunAsync("remote", "show", "--json");
        using var doc = JsonDocument.Parse(show.Out);
        return doc.RootElement.GetProperty("remote").Clone();
    }

    [Fact]
    public async Task RemoteSet_TypoedPath_IsRefused_AndNothingIsSaved()
    {
        TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));

        var set = await cli.RunAsync("remote", "set", Path.Combine(ws.Root, "remtoe.git"));

        Assert.Equal(1, set.Exit);
        Assert.Contains($"error {ErrorCodes.RemoteNotFound}:", set.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", set.Err, StringComparison.Ordinal);
        Assert.Contains("--no-check", set.Err, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await RemoteAsync()).GetProperty("url").ValueKind);
    }

    [Fact]
    public async Task RemoteSet_NoCheck_SavesAnUnreachableRemote_WithAWarning()
    {
        var missing = Path.Combine(ws.Root, "not-yet.git");

        var set = await cli.RunAsync("remote", "set", missing, "--no-check");

        Assert.Equal(0, set.Exit);
        Assert.Contains("not checked", set.Err, StringComparison.Ordinal);
        Assert.Equal(missing, (await RemoteAsync()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task RemoteSet_ReachableRemote_SaysWhatTheCheckRead()
    {
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        TestGit.CommitFile(remote, "x.md", "from elsewhere");

        var set = await cli.RunAsync("remote", "set", remote, "--json");

        Assert.Equal(0, set.Exit);
        using var doc = JsonDocument.Parse(set.Out);
        Assert.True(doc.RootElement.GetProperty("checked").GetBoolean());
        Assert.Equal(TestGit.RevParse(remote, "refs/heads/main"), doc.RootElement.GetProperty("remote_branch").GetString());
        var text = await cli.RunAsync("remote", "set", remote);
        Assert.Contains("checked     reached and read: 1 ref(s)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteSet_ScpUrlWithoutItsColon_IsRefusedAsAFolderInsideTheWorkspace_EvenWithNoCheck()
    {
        foreach (var args in new[] { new[] { "remote", "set", "git@example.com/me/brain.git" }, ["remote", "set", "git@example.com/me/brain.git", "--no-check"] })
        {
            var set = await cli.RunAsync(args);

            Assert.Equal(2, set.Exit);
            Assert.Contains($"error {ErrorCodes.RemoteUrlInvalid}:", set.Err, StringComparison.Ordinal);
            Assert.Contains("inside the workspace", set.Err, StringComparison.Ordinal);
            Assert.Contains("user@host:path", set.Err, StringComparison.Ordinal);
        }

        Assert.Equal(JsonValueKind.Null, (await RemoteAsync()).GetProperty("url").ValueKind);
        Assert.False(Directory.Exists(Path.Combine(ws.Workspace, "git@example.com")));
    }

    [Fact]
    public async Task Sync_WhenItsPushFails_ExitsFour_AndStatusTurnsFourAfterThreeFailuresInARow()
    {
        var remote = Path.Combine(ws.Root, "remote.git");
        Assert.Equal(0, (await cli.RunAsync("remote", "set", remote, "--no-check")).Exit);
        ws.Write("a.md", "a");

        var sync = await cli.RunAsync("sync");

        Assert.Equal(4, sync.Exit);
        Assert.Contains($"push failed {ErrorCodes.RemoteNotFound}:", sync.Err, StringComparison.Ordinal);
        Assert.Contains("complete", sync.Out, StringComparison.Ordinal);

        // One failure of a remote that was set a minute ago is not yet a health problem.
        Assert.Equal(0, (await cli.RunAsync("status")).Exit);
        Assert.Equal(1, (await cli.RunAsync("push")).Exit);
        Assert.Equal(1, (await cli.RunAsync("push")).Exit);

        var status = await cli.RunAsync("status");
        Assert.Equal(4, status.Exit);
        Assert.Contains("Failing", status.Out, StringComparison.Ordinal);
        var json = await cli.RunAsync("status", "--json");
        Assert.Equal(4, json.Exit);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.True(doc.RootElement.GetProperty("remote").GetProperty("failing").GetBoolean());
        }

        // The remote appears: the next push lands and the workspace is healthy again.
        TestGit.InitBare(remote);
        Assert.Equal(0, (await cli.RunAsync("push")).Exit);
        Assert.Equal(0, (await cli.RunAsync("status")).Exit);
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
    }

    [Fact]
    public async Task Status_WhenPushesHaveFailedForADay_ExitsFour()
    {
        var remote = Path.Combine(ws.Root, "remote.git");
        await cli.RunAsync("remote", "set", remote, "--no-check");
        ws.Write("a.md", "a");
        Assert.Equal(4, (await cli.RunAsync("sync")).Exit);

        cli.Time = new OffsetTimeProvider(TimeSpan.FromHours(23));
        Assert.Equal(0, (await cli.RunAsync("status")).Exit);
        cli.Time = new OffsetTimeProvider(TimeSpan.FromHours(25));
        Assert.Equal(4, (await cli.RunAsync("status")).Exit);
    }

    [Fact]
    public async Task RemoteSet_ToARemoteThatAlreadyHoldsTheNewestSnapshot_LeavesNothingPending()
    {
        ws.Write("a.md", "a");
        await cli.RunAsync("sync");
        var copy = Path.Combine(ws.Root, "copy.git");
        TestGit.Run(null, "clone", "--quiet", "--bare", ws.Config.RepositoryPath, copy);
        var empty = TestGit.InitBare(Path.Combine(ws.Root, "empty.git"));

        var toEmpty = await cli.RunAsync("remote", "set", empty, "--json");
        var toCopy = await cli.RunAsync("remote", "set", copy, "--json");

        using (var doc = JsonDocument.Parse(toEmpty.Out))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("pending_snapshots").GetInt32());
        }

        using (var doc = JsonDocument.Parse(toCopy.Out))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("pending_snapshots").GetInt32());
        }

        Assert.Equal(ws.Head(), (await RemoteAsync()).GetProperty("last_verified_push").GetProperty("commit").GetString());
    }

    [Fact]
    public async Task Sync_WithoutRemoteOrWithAWorkingOne_StillExitsZero()
    {
        ws.Write("a.md", "a");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "b");

        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        Assert.Equal(0, (await cli.RunAsync("status")).Exit);
    }
}

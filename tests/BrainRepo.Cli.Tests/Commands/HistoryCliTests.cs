using System.Text.Json;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// Undo is easy to find: <c>log</c> says what made each snapshot, its changes and its tags, and <c>snapshots</c>
/// lists the undo points that restores left.
/// </summary>
public sealed class HistoryCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();
    private readonly CliRunner cli;

    public HistoryCliTests() => cli = new CliRunner(ws);

    public void Dispose() => ws.Dispose();

    /// <summary>A sync, a milestone, then a restore of the first snapshot (which takes a safety snapshot).</summary>
    private async Task<string> SyncMilestoneAndRestoreAsync()
    {
        ws.Write("a.md", "1");
        ws.Write("b.md", "b");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        ws.Write("a.md", "2");
        Assert.Equal(0, (await cli.RunAsync("milestone", "m1")).Exit);
        ws.Write("a.md", "3");
        var restore = await cli.RunAsync("restore", "HEAD~1", "--json");
        Assert.Equal(0, restore.Exit);
        using var doc = JsonDocument.Parse(restore.Out);
        return doc.RootElement.GetProperty("safety_tag").GetString()!;
    }

    [Fact]
    public async Task Log_SaysWhatMadeEachSnapshot_ItsChanges_AndItsTags()
    {
        var undo = await SyncMilestoneAndRestoreAsync();

        var json = await cli.RunAsync("log", "--json");
        var text = await cli.RunAsync("log");

        Assert.Equal(0, json.Exit);
        using var doc = JsonDocument.Parse(json.Out);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["pre-restore", "milestone", "sync"], rows.Select(r => r.GetProperty("origin").GetString()));
        Assert.Equal([undo], rows[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["milestone/m1"], rows[1].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal((0, 1, 0), (rows[0].GetProperty("added").GetInt32(), rows[0].GetProperty("modified").GetInt32(), rows[0].GetProperty("deleted").GetInt32()));
        Assert.Equal(2, rows[2].GetProperty("added").GetInt32());
        Assert.Contains("pre-restore", text.Out, StringComparison.Ordinal);
        Assert.Contains($"({undo})", text.Out, StringComparison.Ordinal);
        Assert.Contains("(milestone/m1)", text.Out, StringComparison.Ordinal);
        Assert.Contains("+2 ~0 -0", text.Out, StringComparison.Ordinal);
        Assert.Contains(" sync ", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshots_ListsTheUndoPoints_AndTheyUndoTheRestore()
    {
        var undo = await SyncMilestoneAndRestoreAsync();

        var json = await cli.RunAsync("snapshots", "--json");
        var text = await cli.RunAsync("snapshots");

        using (var doc = JsonDocument.Parse(json.Out))
        {
            var point = Assert.Single(doc.RootElement.GetProperty("undo_points").EnumerateArray());
            Assert.Equal(undo, point.GetProperty("tag").GetString());
            Assert.Equal(ws.Head(), point.GetProperty("commit").GetString());
        }

        Assert.Contains("undo points", text.Out, StringComparison.Ordinal);
        Assert.Contains(undo, text.Out, StringComparison.Ordinal);
        Assert.Equal("1", File.ReadAllText(ws.PathOf("a.md")));
        Assert.Equal(0, (await cli.RunAsync("restore", undo)).Exit);
        Assert.Equal("3", File.ReadAllText(ws.PathOf("a.md")));
    }

    [Fact]
    public async Task UndoPoints_StayLocal_NeitherPushedNorForgotten()
    {
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        Assert.Equal(0, (await cli.RunAsync("remote", "set", remote)).Exit);
        var undo = await SyncMilestoneAndRestoreAsync();

        Assert.Equal(0, (await cli.RunAsync("push")).Exit);
        Assert.Equal(0, (await cli.RunAsync("forget", "--keep-daily", "0", "--keep-weekly", "0")).Exit);

        Assert.Null(TestGit.TryRun(remote, "rev-parse", "--verify", "--quiet", "refs/tags/" + undo));
        Assert.NotNull(TestGit.TryRun(remote, "rev-parse", "--verify", "--quiet", "refs/tags/milestone/m1"));
        Assert.Contains(undo, ws.Git("tag", "--list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_LabelsAMergeWithTheRemote_AndKeepsTheSnapshotsStatus()
    {
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "1");
        await cli.RunAsync("sync");
        TestGit.PushFromAnotherClone(remote, Path.Combine(ws.Root, "other"), "elsewhere.txt", "edited on the host");
        ws.Write("a.md", "2");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);

        var json = await cli.RunAsync("log", "--json");

        using var doc = JsonDocument.Parse(json.Out);
        var merge = doc.RootElement.EnumerateArray().First();
        Assert.Equal("merge", merge.GetProperty("origin").GetString());
        Assert.Equal("complete", merge.GetProperty("status").GetString());
    }
}

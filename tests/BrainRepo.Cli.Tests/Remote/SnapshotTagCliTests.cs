using System.Text.Json;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Cli.Tests.Remote;

[Trait("Category", "Integration")]
public sealed class SnapshotTagCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();
    private readonly CliRunner cli;

    public SnapshotTagCliTests() => cli = new CliRunner(ws);

    public void Dispose() => ws.Dispose();

    private string Refs(string? repository = null) =>
        TestGit.Run(null, "--git-dir=" + (repository ?? ws.Config.RepositoryPath), "for-each-ref", "--format=%(refname) %(objectname)");

    [Theory]
    [InlineData("bad..name")]
    [InlineData("ends.lock")]
    [InlineData("has space")]
    public async Task Milestone_BadName_IsAClearErrorAndChangesNothing(string name)
    {
        ws.Write("a.md", "a");
        await cli.RunAsync("sync");
        ws.Write("a.md", "changed: a sync would commit");
        var before = Refs();
        var runsBefore = ws.Git("rev-list", "--count", "refs/heads/main").Out;

        var milestone = await cli.RunAsync("milestone", name);

        Assert.Equal(2, milestone.Exit);
        Assert.Contains($"error {ErrorCodes.TagNameInvalid}:", milestone.Err, StringComparison.Ordinal);
        Assert.Contains("not a valid milestone name", milestone.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", milestone.Err, StringComparison.Ordinal);
        Assert.Equal(before, Refs());
        Assert.Equal(runsBefore, ws.Git("rev-list", "--count", "refs/heads/main").Out);
    }

    [Fact]
    public async Task Milestone_TakesASnapshot_TagsIt_AndPushesIt()
    {
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        await cli.RunAsync("remote", "set", remote);
        ws.Write("a.md", "a");
        await cli.RunAsync("sync");
        ws.Write("b.md", "new since the last sync");

        var milestone = await cli.RunAsync("milestone", "release-1", "-m", "before the refactor");

        Assert.Equal(0, milestone.Exit);
        Assert.Contains("milestone/release-1", milestone.Out, StringComparison.Ordinal);
        Assert.Contains("b.md", ws.SnapshotFiles().Keys);
        Assert.Equal(ws.Head(), TestGit.RevParse(ws.Config.RepositoryPath, "refs/tags/milestone/release-1^{commit}"));
        Assert.Equal(ws.Head(), TestGit.RevParse(remote, "refs/tags/milestone/release-1^{commit}"));
        Assert.Contains("before the refactor", TestGit.Run(null, "--git-dir=" + remote, "cat-file", "-p", "refs/tags/milestone/release-1"), StringComparison.Ordinal);

        var again = await cli.RunAsync("milestone", "release-1");
        Assert.Equal(2, again.Exit);
        Assert.Contains("already exists", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_DailyAndWeekly_AreCreatedOncePerPeriod()
    {
        ws.Write("a.md", "a");
        await cli.RunAsync("sync");

        var first = await cli.RunAsync("tag", "--daily", "--weekly");
        ws.Write("a.md", "b");
        await cli.RunAsync("sync");
        var second = await cli.RunAsync("tag", "--daily", "--json");

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        using var doc = JsonDocument.Parse(second.Out);
        Assert.False(doc.RootElement.GetProperty("tags")[0].GetProperty("created").GetBoolean());
        var tags = TestGit.Run(null, "--git-dir=" + ws.Config.RepositoryPath, "tag", "--list").Split('\n');
        Assert.Equal(2, tags.Length);
        Assert.Equal(TestGit.RevParse(ws.Config.RepositoryPath, "HEAD~1"), TestGit.RevParse(ws.Config.RepositoryPath, tags[0]));
    }

    [Fact]
    public async Task Tag_WithoutAnySnapshot_IsAClearError()
    {
        var tag = await cli.RunAsync("tag", "--daily");
        Assert.Equal(1, tag.Exit);
        Assert.Contains("brainrepo sync", tag.Err, StringComparison.Ordinal);
        Assert.Equal(2, (await cli.RunAsync("tag")).Exit);
    }

    [Fact]
    public async Task Snapshots_GroupsDailyWeeklyMilestonesAndHead_WithCompleteness()
    {
        ws.Write("a.md", "a");
        await cli.RunAsync("sync");
        await cli.RunAsync("tag", "--daily", "--weekly");
        await cli.RunAsync("milestone", "m1");

        var list = await cli.RunAsync("snapshots", "--json");
        var text = await cli.RunAsync("snapshots");

        Assert.Equal(0, list.Exit);
        using var doc = JsonDocument.Parse(list.Out);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("daily").GetArrayLength());
        Assert.Equal(1, root.GetProperty("weekly").GetArrayLength());
        Assert.Equal("milestone/m1", root.GetProperty("milestones")[0].GetProperty("tag").GetString());
        Assert.Equal("complete", root.GetProperty("milestones")[0].GetProperty("status").GetString());
        Assert.Equal(ws.Head(), root.GetProperty("head").GetProperty("commit").GetString());
        Assert.Equal("complete", root.GetProperty("daily")[0].GetProperty("status").GetString());
        Assert.Contains("milestones (1)", text.Out, StringComparison.Ordinal);

        ws.Write("b.md", "b");
        var json = await cli.RunAsync("milestone", "m2", "--json");
        Assert.Equal(0, json.Exit);
        using var milestone = JsonDocument.Parse(json.Out);
        Assert.Equal("milestone/m2", milestone.RootElement.GetProperty("tag").GetString());
        Assert.Equal(ws.Head(), milestone.RootElement.GetProperty("commit").GetString());
    }

    [Fact]
    public async Task Forget_DryRunChangesNothing_ThenRemovesOldDailyTagsLocallyAndOnTheRemote()
    {
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        await cli.RunAsync("remote", "set", remote);
        var today = DateTimeOffset.UtcNow;
        for (var i = 4; i >= 0; i--)
        {
            ws.Write("a.md", "version " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cli.Time = TimeProvider.System;
            Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
            if (i == 4)
            {
                Assert.Equal(0, (await cli.RunAsync("milestone", "first")).Exit);
            }

            cli.Time = new OffsetTimeProvider(TimeSpan.FromDays(-i));
            Assert.Equal(0, (await cli.RunAsync("tag", "--daily")).Exit);
        }

        cli.Time = TimeProvider.System;
        var localBefore = Refs();
        var remoteBefore = Refs(remote);
        Assert.Equal(5, localBefore.Split('\n').Count(l => l.StartsWith("refs/tags/snapshot/daily/", StringComparison.Ordinal)));
        Assert.Equal(Tags(ws.Config.RepositoryPath), Tags(remote));

        var dry = await cli.RunAsync("forget", "--keep-daily", "2", "--keep-weekly", "0", "--dry-run");

        Assert.Equal(0, dry.Exit);
        Assert.Contains("would remove (3)", dry.Out, StringComparison.Ordinal);
        Assert.Contains("older than the 2 newest daily tags", dry.Out, StringComparison.Ordinal);
        Assert.Contains("milestones are never pruned", dry.Out, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was removed.", dry.Out, StringComparison.Ordinal);
        Assert.Equal(localBefore, Refs());
        Assert.Equal(remoteBefore, Refs(remote));

        var forget = await cli.RunAsync("forget", "--keep-daily", "2", "--keep-weekly", "0", "--json");

        Assert.Equal(0, forget.Exit);
        using var doc = JsonDocument.Parse(forget.Out);
        var removed = doc.RootElement.GetProperty("remove").EnumerateArray().Select(e => e.GetProperty("tag").GetString()!).ToList();
        Assert.Equal(3, removed.Count);
        var keptDaily = new[] { SnapshotTagName(today), SnapshotTagName(today.AddDays(-1)) };
        foreach (var repository in new[] { ws.Config.RepositoryPath, remote })
        {
            var daily = TestGit.Run(null, "--git-dir=" + repository, "tag", "--list", "snapshot/daily/*").Split('\n');
            Assert.Equal(keptDaily.Order(StringComparer.Ordinal), daily.Order(StringComparer.Ordinal));
            Assert.NotNull(TestGit.TryRun(repository, "rev-parse", "--verify", "--quiet", "refs/tags/milestone/first"));
        }

        // Removing tags never removes snapshots.
        Assert.Equal("5", ws.Git("rev-list", "--count", "refs/heads/main").Out.Trim());
    }

    [Fact]
    public async Task Forget_WithoutKeepOptions_IsAUsageError()
    {
        Assert.Equal(2, (await cli.RunAsync("forget", "--keep-daily", "1")).Exit);
        Assert.Equal(2, (await cli.RunAsync("forget", "--keep-daily", "-1", "--keep-weekly", "1")).Exit);
    }

    private static string Tags(string repository) => TestGit.Run(null, "--git-dir=" + repository, "tag", "--list");

    private static string SnapshotTagName(DateTimeOffset at) => Core.Remote.SnapshotTagNames.Daily(at);
}

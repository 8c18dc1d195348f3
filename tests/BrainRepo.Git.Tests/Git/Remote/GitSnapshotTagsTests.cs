using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BrainRepo.Git.Tests.Git.Remote;

public sealed class GitSnapshotTagsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 26, 23, 59, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    private (string Repo, GitSnapshotTags Tags) Arrange()
    {
        var repo = TestGit.InitBare(_temp.Combine("backup.git"));
        return (repo, new GitSnapshotTags(repo, timeProvider: _clock));
    }

    [Fact]
    public async Task EnsureDaily_OncePerUtcDay_Idempotent()
    {
        var (repo, tags) = Arrange();
        var first = TestGit.CommitFile(repo, "a.txt", "1");

        var created = await tags.EnsureDailyTagAsync(null, TestTimeout.Token);
        TestGit.CommitFile(repo, "a.txt", "2");
        var again = await tags.EnsureDailyTagAsync(null, TestTimeout.Token);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var tomorrow = await tags.EnsureDailyTagAsync(null, TestTimeout.Token);

        Assert.Equal(new TagResult("snapshot/daily/2025-11-26", first, true), created);
        Assert.Equal(new TagResult("snapshot/daily/2025-11-26", first, false), again);
        Assert.True(tomorrow.Created);
        Assert.Equal("snapshot/daily/2025-11-27", tomorrow.Name);
    }

    [Fact]
    public async Task EnsureWeekly_UsesIsoWeek()
    {
        var (repo, tags) = Arrange();
        TestGit.CommitFile(repo, "a.txt", "1");

        var weekly = await tags.EnsureWeeklyTagAsync(null, TestTimeout.Token);

        Assert.Equal("snapshot/weekly/2025-W48", weekly.Name);
        Assert.False((await tags.EnsureWeeklyTagAsync(null, TestTimeout.Token)).Created);
    }

    [Fact]
    public async Task Milestone_IsAnnotated_Idempotent_AndRefusesAnotherCommit()
    {
        var (repo, tags) = Arrange();
        var first = TestGit.CommitFile(repo, "a.txt", "1");

        var created = await tags.CreateMilestoneAsync("before-refactor", "all good", null, TestTimeout.Token);
        var again = await tags.CreateMilestoneAsync("before-refactor", null, null, TestTimeout.Token);
        TestGit.CommitFile(repo, "a.txt", "2");

        Assert.True(created.Created);
        Assert.False(again.Created);
        Assert.Equal("tag", TestGit.Run(null, "--git-dir=" + repo, "cat-file", "-t", "refs/tags/milestone/before-refactor"));
        Assert.Equal(first, TestGit.RevParse(repo, "refs/tags/milestone/before-refactor^{commit}"));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => tags.CreateMilestoneAsync("before-refactor", null, null, TestTimeout.Token));
        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Milestone_BadName_ChangesNothing()
    {
        var (repo, tags) = Arrange();
        TestGit.CommitFile(repo, "a.txt", "1");

        await Assert.ThrowsAsync<InvalidTagNameException>(() => tags.CreateMilestoneAsync("bad..name", null, null, TestTimeout.Token));

        Assert.Empty(TestGit.Run(null, "--git-dir=" + repo, "tag", "-l"));
    }

    [Fact]
    public async Task List_GivesKindsCommitsAndDates_IgnoresForeignTags_AndDeleteRemoves()
    {
        var (repo, tags) = Arrange();
        var at = new DateTimeOffset(2025, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var commit = TestGit.CommitFile(repo, "a.txt", "1", at: at);
        await tags.EnsureDailyTagAsync(null, TestTimeout.Token);
        await tags.EnsureWeeklyTagAsync(null, TestTimeout.Token);
        await tags.CreateMilestoneAsync("m1", null, null, TestTimeout.Token);
        TestGit.Run(null, "--git-dir=" + repo, "tag", "v1.0", commit);

        var list = await tags.ListAsync(TestTimeout.Token);

        Assert.Equal(3, list.Count);
        Assert.All(list, t => Assert.Equal(commit, t.Commit));
        Assert.All(list, t => Assert.Equal(at, t.CommitDate));
        Assert.Equal(
            [SnapshotTagKind.Daily, SnapshotTagKind.Weekly, SnapshotTagKind.Milestone],
            list.Select(t => t.Kind).Order());

        var deleted = await tags.DeleteAsync(["snapshot/daily/2025-11-26", "snapshot/daily/1999-01-01"], TestTimeout.Token);

        Assert.Equal(["snapshot/daily/2025-11-26"], deleted);
        Assert.Equal(2, (await tags.ListAsync(TestTimeout.Token)).Count);
    }

    [Fact]
    public async Task EnsureDaily_OnEmptyRepository_ExplainsThereIsNoSnapshot()
    {
        var (_, tags) = Arrange();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => tags.EnsureDailyTagAsync(null, TestTimeout.Token));

        Assert.Contains("no snapshot", ex.Message, StringComparison.Ordinal);
    }
}

using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Git;

/// <summary>Each sync adds a pack; past a limit they are merged, and every snapshot stays whole.</summary>
public sealed class PackConsolidationTests
{
    private static List<string> Snapshots(TestWorkspace ws, int count)
    {
        var commits = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ws.Write($"notes/n{i}.md", $"note {i}");
            ws.Write("log.md", string.Concat(Enumerable.Repeat($"line {i}\n", i + 1)));
            commits.Add(ws.Sync().CommitId);
        }

        return commits;
    }

    [Fact]
    public void Below_the_limit_nothing_is_repacked()
    {
        using var ws = new TestWorkspace();
        Snapshots(ws, 4);

        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var before = repo.PackCount();
        Assert.Null(repo.ConsolidatePacks(before + 1, CancellationToken.None));
        Assert.Equal(before, repo.PackCount());
    }

    [Fact]
    public void At_the_limit_packs_are_merged_and_every_snapshot_is_still_complete()
    {
        using var ws = new TestWorkspace();
        var commits = Snapshots(ws, 12);
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var expected = commits.Select(c => repo.ReadFiles(c, CancellationToken.None)).ToList();
        Assert.True(repo.PackCount() >= 12);

        var result = repo.ConsolidatePacks(8, CancellationToken.None);

        Assert.NotNull(result);
        Assert.True(result.Value.After < result.Value.Before && result.Value.After <= 4, $"{result.Value.Before} -> {result.Value.After} packs");
        Assert.Equal(result.Value.After, repo.PackCount());
        Assert.Equal(0, ws.Git("fsck", "--strict", "--no-progress").Exit);
        for (var i = 0; i < commits.Count; i++)
        {
            var files = repo.ReadFiles(commits[i], CancellationToken.None);
            Assert.Equal(expected[i].Keys.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
            foreach (var (path, file) in files)
            {
                Assert.Equal(expected[i][path].BlobId, file.BlobId);
                _ = repo.ReadBlobVerified(file.BlobId); // readable, and its content hashes to its id
            }
        }

        // The next sync still works on the merged repository.
        ws.Write("after.md", "after");
        Assert.False(ws.Sync().Unchanged);
    }
}

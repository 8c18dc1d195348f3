using BrainRepo.Core.Model;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Verify;
using BrainRepo.Core.Snapshots;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class TreeCacheTests
{
    [Fact]
    public void Sync_AfterRandomEditsOverManyRuns_EverySnapshotMatchesTheDisk()
    {
        using var ws = new TestWorkspace();
        var random = new Random(1234);
        var folders = new[] { "a", "a/b", "a/b/c", "d", "d/e", "f/g/h/i" };
        var live = new List<string>();
        for (var run = 0; run < 25; run++)
        {
            for (var change = 0; change < 6; change++)
            {
                var op = live.Count == 0 ? 0 : random.Next(3);
                if (op == 0)
                {
                    var path = $"{folders[random.Next(folders.Length)]}/n{random.Next(40)}.md";
                    ws.Write(path, $"run {run} change {change}");
                    if (!live.Contains(path))
                    {
                        live.Add(path);
                    }
                }
                else if (op == 1)
                {
                    ws.Write(live[random.Next(live.Count)], $"edited in run {run} change {change}");
                }
                else
                {
                    var victim = live[random.Next(live.Count)];
                    ws.Delete(victim);
                    live.Remove(victim);
                }
            }

            var result = ws.Sync();

            using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
            var verify = new SnapshotVerifier(ws.Workspace, repo).Verify(result.CommitId, CancellationToken.None);
            Assert.True(verify.Ok, $"run {run}: {string.Join("; ", verify.Unaccounted.Select(u => u.Path + ": " + u.Problem))}");
            Assert.Equal(live.Order(StringComparer.Ordinal), ws.SnapshotFiles().Keys.Order(StringComparer.Ordinal));
        }

        Assert.Equal(0, ws.Git("fsck", "--strict", "--no-dangling").Exit);
    }

    [Fact]
    public void DirtyFolders_MarksEveryAncestorOfAChangedPath()
    {
        var dirty = TreeCache.DirtyFolders(["a/b/c.md", "x.md"]);

        Assert.Equal(["", "a", "a/b"], dirty.Order(StringComparer.Ordinal));
    }
}

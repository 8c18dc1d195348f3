using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Git;

/// <summary>The branch move is the sync's commit point: a compare-and-swap that never overwrites another writer.</summary>
public sealed class BranchUpdateTests
{
    /// <summary>Two snapshots of a one-file workspace; the branch is at the second.</summary>
    private static (string First, string Second) TwoSnapshots(TestWorkspace ws)
    {
        ws.Write("a.md", "a");
        var first = ws.Sync().CommitId;
        ws.Write("a.md", "b");
        return (first, ws.Sync().CommitId);
    }

    [Fact]
    public void UpdateBranch_FromTheExpectedCommit_MovesTheBranch_AsGitSeesIt()
    {
        using var ws = new TestWorkspace();
        var (first, second) = TwoSnapshots(ws);

        using (var repo = GitBackupRepository.Open(ws.Config.RepositoryPath))
        {
            repo.UpdateBranch(first, second, "test: back", CancellationToken.None);
        }

        Assert.Equal(first, ws.Git("rev-parse", "refs/heads/main").Out.Trim());
        Assert.Equal(0, ws.Git("fsck", "--no-progress").Exit);
    }

    [Fact]
    public void UpdateBranch_WhenTheBranchMovedMeanwhile_RefusesAndLeavesItWhereTheOtherWriterPutIt()
    {
        using var ws = new TestWorkspace();
        var (first, second) = TwoSnapshots(ws);

        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var error = Assert.Throws<BrainRepoException>(() => repo.UpdateBranch(first, first, "test: stale", CancellationToken.None));

        Assert.Equal(ErrorCodes.RepositoryConflict, error.Code);
        Assert.Equal(second, ws.Git("rev-parse", "refs/heads/main").Out.Trim());
    }

    [Fact]
    public void UpdateBranch_CreatingABranchThatAlreadyExists_Refuses()
    {
        using var ws = new TestWorkspace();
        var (first, second) = TwoSnapshots(ws);

        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        Assert.Throws<BrainRepoException>(() => repo.UpdateBranch(first, null, "test: create", CancellationToken.None));
        Assert.Equal(second, ws.Git("rev-parse", "refs/heads/main").Out.Trim());
    }

    [Fact]
    public void UpdateBranch_WhileGitHoldsTheBranchLock_Refuses()
    {
        using var ws = new TestWorkspace();
        var (first, second) = TwoSnapshots(ws);
        var lockFile = Path.Combine(ws.Config.RepositoryPath, "refs", "heads", "main.lock");
        File.WriteAllText(lockFile, "");

        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        Assert.Throws<BrainRepoException>(() => repo.UpdateBranch(first, second, "test: locked", CancellationToken.None));

        File.Delete(lockFile);
        Assert.Equal(second, ws.Git("rev-parse", "refs/heads/main").Out.Trim());
    }
}

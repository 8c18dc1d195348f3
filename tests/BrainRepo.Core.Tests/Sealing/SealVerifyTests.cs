using BrainRepo.Core.Sealing;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Verify;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Sealing;

public sealed class SealVerifyTests
{
    private static VerifyResult Verify(TestWorkspace ws, SealKey? key)
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        return new SnapshotVerifier(ws.Workspace, repo, key).Verify(repo.Head()!, CancellationToken.None);
    }

    [Fact]
    public void Verify_WithTheKey_DecryptsAndComparesSealedFiles()
    {
        using var ws = new TestWorkspace();
        var key = SealKey.Generate();
        ws.Write("deploy.env", SealTestData.File);
        SealSyncTests.SealSync(ws, key);

        var ok = Verify(ws, key);
        ws.Write("deploy.env", SealTestData.File.Replace("REGION=eu", "REGION=us", StringComparison.Ordinal)); // same size, other content
        var changed = Verify(ws, key);

        Assert.True(ok.Ok);
        Assert.Equal((1, 0), (ok.SealedChecked, ok.SealedNotChecked));
        Assert.False(changed.Ok);
        Assert.Contains(changed.Unaccounted, f => f.Path == "deploy.env" && f.Problem.Contains("sealed copy", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_WithoutTheKey_SaysTheSealedContentWasNotChecked()
    {
        using var ws = new TestWorkspace();
        ws.Write("deploy.env", SealTestData.File);
        SealSyncTests.SealSync(ws, SealKey.Generate());

        var result = Verify(ws, null);
        var wrongKey = Verify(ws, SealKey.Generate());

        Assert.Equal((0, 1), (result.SealedChecked, result.SealedNotChecked));
        Assert.Contains(result.Notes, n => n.Path == "deploy.env" && n.Problem.Contains("content not checked", StringComparison.Ordinal));
        Assert.False(wrongKey.Ok);
        Assert.Contains(wrongKey.Unaccounted, f => f.Path == "deploy.env" && f.Problem.Contains("you have key", StringComparison.Ordinal));
    }
}

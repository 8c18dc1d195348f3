using BrainRepo.Core.Restore;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Tests.Restore;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Tests.Sealing;

public sealed class SealRestoreTests
{
    /// <summary>A workspace with a sealed text file, a sealed executable with binary bytes, and a plain file.</summary>
    private static (TestWorkspace Ws, SealKey Key) Sealed()
    {
        var ws = new TestWorkspace();
        var key = SealKey.Generate();
        ws.Write("config/deploy.env", SealTestData.File);
        ws.Write("bin/run.sh", "");
        File.WriteAllBytes(ws.PathOf("bin/run.sh"), [.. "#!/bin/sh\nexport GITHUB_TOKEN="u8.ToArray(), .. System.Text.Encoding.ASCII.GetBytes(SealTestData.Token), (byte)'\n', 0xFF, 0x80, 0x01, (byte)'\n']);
        RestoreTestKit.MakeExecutable(ws.PathOf("bin/run.sh"));
        ws.Write("notes/plain.md", "plain\n");
        SealSyncTests.SealSync(ws, key);
        Assert.Equal(2, ws.Report().Entries.Count(e => e.Disposition == Core.Model.Disposition.SealedSecret));
        return (ws, key);
    }

    private static RestorePlan Plan(TestWorkspace ws, string target, SealKey? key, string snapshot = "HEAD")
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        return new RestoreRunner(repo, TimeProvider.System, NullLogger.Instance, key)
            .Plan(new RestoreRequest { Commit = repo.Resolve(snapshot)!, TargetRoot = target, Policy = ws.Config.Policy }, null, CancellationToken.None);
    }

    private static RestoreResult Restore(TestWorkspace ws, string target, SealKey? key, RestoreOptions? options = null)
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var runner = new RestoreRunner(repo, TimeProvider.System, NullLogger.Instance, key);
        var plan = runner.Plan(new RestoreRequest { Commit = repo.Resolve("HEAD")!, TargetRoot = target, Policy = ws.Config.Policy, Options = options ?? new RestoreOptions() }, null, CancellationToken.None);
        return runner.Execute(plan, null, null, null, CancellationToken.None);
    }

    [Fact]
    public void Restore_WithTheKey_DecryptsToTheOriginalBytesAndModes()
    {
        var (ws, key) = Sealed();
        using var _ = ws;
        var target = Path.Combine(ws.Root, "restored");

        var result = Restore(ws, target, key);

        Assert.Equal(2, result.Plan.Sealed.Count);
        Assert.Equal(RestoreTestKit.Fingerprint(ws.Workspace), RestoreTestKit.Fingerprint(target));
        Assert.Equal(File.ReadAllBytes(ws.PathOf("bin/run.sh")), File.ReadAllBytes(Path.Combine(target, "bin/run.sh")));
    }

    [Fact]
    public void Plan_IntoAnUpToDateFolder_JudgesSealedFilesUnchangedOnTheirRealContent()
    {
        var (ws, key) = Sealed();
        using var _ = ws;

        var plan = Plan(ws, ws.Workspace, key);

        Assert.True(plan.IsNoOp);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Restore_WithoutAKey_IsRefusedNamingEverySealedPath_AndWritesNothing()
    {
        var (ws, _) = Sealed();
        using var __ = ws;
        var target = Path.Combine(ws.Root, "restored");

        var ex = Assert.Throws<RestoreRefusedException>(() => Restore(ws, target, null));

        Assert.Equal(["bin/run.sh", "config/deploy.env"], ex.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(ex.Problems, p => Assert.Contains("no seal key was given", p.Reason, StringComparison.Ordinal));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Restore_WithSkipSealed_AndNoKey_RestoresTheRest_AndLeavesSealedPathsAlone()
    {
        var (ws, _) = Sealed();
        using var __ = ws;
        var target = Path.Combine(ws.Root, "restored");
        Directory.CreateDirectory(Path.Combine(target, "config"));
        File.WriteAllText(Path.Combine(target, "config/deploy.env"), "what was here before\n");

        var result = Restore(ws, target, null, new RestoreOptions { SkipSealed = true, Delete = true });

        Assert.Equal("plain\n", File.ReadAllText(Path.Combine(target, "notes/plain.md")));
        Assert.Equal("what was here before\n", File.ReadAllText(Path.Combine(target, "config/deploy.env"))); // neither overwritten nor deleted
        Assert.False(File.Exists(Path.Combine(target, "bin/run.sh")));
        Assert.True(result.Plan.IsIncomplete);
        Assert.Equal(["bin/run.sh", "config/deploy.env"], result.Plan.Warnings.Where(w => !w.Restored).Select(w => w.Path));
    }

    [Fact]
    public void Restore_WithSkipSealed_StillRefusesATamperedEnvelope()
    {
        var (ws, key) = Sealed();
        using var _ = ws;
        var hostile = new HostileRepository(ws);
        var report = ws.Git("rev-parse", "HEAD:.brainrepo").Out.Trim();
        var files = ws.SnapshotFiles();
        hostile.Commit(hostile.Tree(("40000", ".brainrepo", report), ("40000", "config", hostile.Tree(("100644", "deploy.env", files["bin/run.sh"].BlobId)))));

        Assert.Throws<RestoreRefusedException>(() => Restore(ws, Path.Combine(ws.Root, "restored"), key, new RestoreOptions { SkipSealed = true }));
    }

    [Fact]
    public void Restore_WithTheWrongKey_SaysWhichKeyIsNeeded_AndWritesNothing()
    {
        var (ws, key) = Sealed();
        using var _ = ws;
        var target = Path.Combine(ws.Root, "restored");
        var wrong = SealKey.Generate();

        var ex = Assert.Throws<RestoreRefusedException>(() => Restore(ws, target, wrong));

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains($"sealed with key {key.Id}, you have key {wrong.Id}", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Restore_OfATamperedEnvelope_IsRefused_AndWritesNothing()
    {
        var (ws, key) = Sealed();
        using var _ = ws;
        var hostile = new HostileRepository(ws);
        using (var repo = GitBackupRepository.Open(ws.Config.RepositoryPath))
        {
            var envelope = repo.ReadBlobVerified(ws.SnapshotFiles()["config/deploy.env"].BlobId);
            envelope[^1] ^= 0x20;
            var report = ws.Git("rev-parse", "HEAD:.brainrepo").Out.Trim();
            hostile.Commit(hostile.Tree(("40000", ".brainrepo", report), ("40000", "config", hostile.Tree(("100644", "deploy.env", hostile.Blob(envelope))))));
        }

        var target = Path.Combine(ws.Root, "restored");

        var ex = Assert.Throws<RestoreRefusedException>(() => Restore(ws, target, key));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("config/deploy.env", problem.Path);
        Assert.Contains("fails authentication", problem.Reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Restore_OfAnEnvelopeMovedToAnotherSealedPath_IsRefused()
    {
        var (ws, key) = Sealed();
        using var _ = ws;
        var hostile = new HostileRepository(ws);
        var files = ws.SnapshotFiles();
        var report = ws.Git("rev-parse", "HEAD:.brainrepo").Out.Trim();
        // config/deploy.env now points at bin/run.sh's envelope: both are "sealed" in the report.
        hostile.Commit(hostile.Tree(
            ("40000", ".brainrepo", report),
            ("40000", "bin", hostile.Tree(("100755", "run.sh", files["bin/run.sh"].BlobId))),
            ("40000", "config", hostile.Tree(("100644", "deploy.env", files["bin/run.sh"].BlobId)))));
        var target = Path.Combine(ws.Root, "restored");

        var ex = Assert.Throws<RestoreRefusedException>(() => Restore(ws, target, key));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("config/deploy.env", problem.Path);
        Assert.Contains("moved from another path", problem.Reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Restore_ReportSaysSealedButTheObjectIsPlain_IsRefused()
    {
        var (ws, key) = Sealed();
        using var _ = ws;
        var hostile = new HostileRepository(ws);
        var report = ws.Git("rev-parse", "HEAD:.brainrepo").Out.Trim();
        hostile.Commit(hostile.Tree(("40000", ".brainrepo", report), ("40000", "config", hostile.Tree(("100644", "deploy.env", hostile.Blob("plain text"))))));

        var ex = Assert.Throws<RestoreRefusedException>(() => Restore(ws, Path.Combine(ws.Root, "restored"), key));

        Assert.Contains("not a sealed envelope", Assert.Single(ex.Problems).Reason, StringComparison.Ordinal);
    }
}

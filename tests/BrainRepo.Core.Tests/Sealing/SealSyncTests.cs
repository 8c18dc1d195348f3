using BrainRepo.Core.Workspaces;
using BrainRepo.Core.Model;
using System.Text;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Secrets;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Sealing;

public sealed class SealSyncTests
{
    private static readonly SecretScanner Scanner = new(SecretScannerOptions.Default);

    internal static SyncResult SealSync(TestWorkspace ws, SealKey key) =>
        ws.Sync(new SyncOptions { Secrets = SecretDisposition.Seal, SealKey = key }, scanner: Scanner);

    [Fact]
    public void Sync_WithSeal_StoresTheFileEncrypted_AndTheBackupHoldsNeitherTheSecretNorTheFileText()
    {
        using var ws = new TestWorkspace();
        var key = SealKey.Generate();
        ws.Write("config/deploy.env", SealTestData.File);
        ws.Write("notes/plain.md", "plain note\n");

        var result = SealSync(ws, key);

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Contains("config/deploy.env", ws.SnapshotFiles().Keys);
        var entry = Assert.Single(ws.Report().Entries);
        Assert.Equal(("config/deploy.env", Disposition.SealedSecret, 2), (entry.Path, entry.Disposition, entry.Line));
        Assert.Contains("github", entry.Rule, StringComparison.Ordinal);
        Assert.Contains(key.Id, entry.Detail, StringComparison.Ordinal);
        Assert.True(SecretFingerprint.IsWellFormed(entry.Fingerprints!.Split(',')[0]));
        using (var repo = GitBackupRepository.Open(ws.Config.RepositoryPath))
        {
            var stored = repo.ReadBlobVerified(ws.SnapshotFiles()["config/deploy.env"].BlobId);
            Assert.Equal(key.Id, SealedEnvelope.KeyIdOf(stored));
            Assert.Equal(SealTestData.File, Encoding.UTF8.GetString(SealedEnvelope.Open(key, "config/deploy.env", stored)));
        }

        var everything = AllObjects(ws);
        Assert.Contains("plain note", everything, StringComparison.Ordinal); // the dump does show stored content...
        Assert.DoesNotContain(SealTestData.Token, everything, StringComparison.Ordinal); // ...but not the secret
        Assert.DoesNotContain(SealTestData.Marker, everything, StringComparison.Ordinal); // nor any other line of the sealed file
        Assert.DoesNotContain(key.Export(), everything, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Export(), File.ReadAllText(Path.Combine(ws.Config.RepositoryPath, "config")), StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_UnchangedSealedFile_IsNotReadAgain_KeepsItsReportEntry_AndMakesNoCommit()
    {
        using var ws = new TestWorkspace();
        var key = SealKey.Generate();
        ws.Write("deploy.env", SealTestData.File);
        var first = SealSync(ws, key);
        var settle = SealSync(ws, key); // a file written within the first run's timestamp tick is read once more

        var second = SealSync(ws, key);

        Assert.True(settle.Unchanged);
        Assert.True(second.Unchanged);
        Assert.Equal(0, second.FilesRead);
        Assert.Equal(first.CommitId, second.CommitId);
        Assert.Contains(second.Report.Entries, e => e.Path == "deploy.env" && e.Disposition == Disposition.SealedSecret);
    }

    [Fact]
    public void Sync_SealedFileTouchedButNotChanged_IsReadAgain_AndSealsToTheSameObject()
    {
        using var ws = new TestWorkspace();
        var key = SealKey.Generate();
        ws.Write("deploy.env", SealTestData.File);
        var first = SealSync(ws, key);
        File.SetLastWriteTimeUtc(ws.PathOf("deploy.env"), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));

        var second = SealSync(ws, key);

        Assert.Equal(1, second.FilesRead);
        Assert.True(second.Unchanged); // the same content seals to the same bytes: no new commit
        Assert.Equal(first.CommitId, second.CommitId);
    }

    [Fact]
    public void Sync_SealedFileChanges_IsSealedAgain()
    {
        using var ws = new TestWorkspace();
        var key = SealKey.Generate();
        ws.Write("deploy.env", SealTestData.File);
        var first = SealSync(ws, key);
        ws.Write("deploy.env", SealTestData.File + "EXTRA=1\n");

        var second = SealSync(ws, key);

        Assert.False(second.Unchanged);
        Assert.Equal(1, second.Modified);
        Assert.NotEqual(first.CommitId, second.CommitId);
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var stored = repo.ReadBlobVerified(ws.SnapshotFiles()["deploy.env"].BlobId);
        Assert.EndsWith("EXTRA=1\n", Encoding.UTF8.GetString(SealedEnvelope.Open(key, "deploy.env", stored)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_WithAnotherKey_SealsEveryFileAgainUnderIt()
    {
        using var ws = new TestWorkspace();
        var oldKey = SealKey.Generate();
        var newKey = SealKey.Generate();
        ws.Write("deploy.env", SealTestData.File);
        SealSync(ws, oldKey);

        SealSync(ws, newKey);

        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        Assert.Equal(newKey.Id, SealedEnvelope.KeyIdOf(repo.ReadBlobVerified(ws.SnapshotFiles()["deploy.env"].BlobId)));
    }

    [Fact]
    public void Sync_WithSealButNoKey_IsRefusedBeforeAnythingIsWritten()
    {
        using var ws = new TestWorkspace();
        ws.Write("deploy.env", SealTestData.File);

        Assert.Throws<SealKeyException>(() => ws.Sync(new SyncOptions { Secrets = SecretDisposition.Seal }, scanner: Scanner));
        Assert.Null(ws.Head());
    }

    /// <summary>Every object of the backup repository, pretty-printed (blobs as their raw text).</summary>
    internal static string AllObjects(TestWorkspace ws)
    {
        var (exit, output, err) = ws.Git("cat-file", "--batch-all-objects", "--batch");
        Assert.True(exit == 0, err);
        return output;
    }
}

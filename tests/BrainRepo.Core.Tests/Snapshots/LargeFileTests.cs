using BrainRepo.Core.Model;
using System.Text;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Secrets;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Sealing;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>
/// Files of 512 KiB and more are hashed and compressed while the scanner still reads them. What the
/// repository ends up holding must be exactly what it holds for a small file: the content when it is
/// clean, nothing of it when it is withheld, only the envelope when it is sealed.
/// </summary>
public sealed class LargeFileTests
{
    private const string Marker = "LARGE-FILE-MARKER-5c1d";
    private static readonly SecretScanner Scanner = new(SecretScannerOptions.Default);

    private static string Large(string? secretLine)
    {
        var text = new StringBuilder(Marker).Append('\n');
        for (var i = 0; text.Length < 700 * 1024; i++)
        {
            text.Append("line ").Append(i).Append(": the quick brown fox jumps over the lazy dog\n");
            if (i == 9000 && secretLine is not null)
            {
                text.Append(secretLine).Append('\n');
            }
        }

        return text.ToString();
    }

    [Fact]
    public void Sync_LargeCleanFile_IsStoredWithItsExactContent()
    {
        using var ws = new TestWorkspace();
        var content = Large(null);
        ws.Write("big.md", content);

        var result = ws.Sync(scanner: Scanner);

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Equal(content, ws.ReadStored("big.md"));
        Assert.Equal(ws.Git("hash-object", ws.PathOf("big.md")).Out.Trim(), ws.SnapshotFiles()["big.md"].BlobId);
    }

    [Fact]
    public void Sync_LargeFileWithASecret_IsWithheld_AndNoObjectHoldsAnyOfIt()
    {
        using var ws = new TestWorkspace();
        ws.Write("big.md", Large("GITHUB_TOKEN=" + SealTestData.Token));
        ws.Write("small.md", "small\n");

        var result = ws.Sync(scanner: Scanner);

        Assert.Equal(SnapshotStatus.Incomplete, result.Status);
        Assert.DoesNotContain("big.md", ws.SnapshotFiles().Keys);
        Assert.Contains(ws.Report().Entries, e => e.Path == "big.md" && e.Disposition == Disposition.WithheldSecret);
        var everything = SealSyncTests.AllObjects(ws); // every object, reachable or not
        Assert.Contains("small", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SealTestData.Token, everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_LargeFileWithASecret_Sealed_StoresOnlyTheEnvelope()
    {
        using var ws = new TestWorkspace();
        var key = SealKey.Generate();
        var content = Large("GITHUB_TOKEN=" + SealTestData.Token);
        ws.Write("big.md", content);

        var result = SealSyncTests.SealSync(ws, key);

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        var everything = SealSyncTests.AllObjects(ws);
        Assert.DoesNotContain(Marker, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SealTestData.Token, everything, StringComparison.Ordinal);
        using var repo = BrainRepo.Git.GitBackupRepository.Open(ws.Config.RepositoryPath);
        var stored = repo.ReadBlobVerified(ws.SnapshotFiles()["big.md"].BlobId);
        Assert.Equal(content, Encoding.UTF8.GetString(SealedEnvelope.Open(key, "big.md", stored)));
    }
}

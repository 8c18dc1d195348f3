using BrainRepo.Core.Model;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using static BrainRepo.Core.Tests.Support.PackSurgery;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>
/// A sync never commits a snapshot that points at an object the repository lost: it stores the object again from
/// disk when the workspace still holds it, and otherwise fails with BR1024 naming what is lost, committing nothing.
/// Each test damages a real repository the way a disk or a careless copy does.
/// </summary>
public sealed class RepositoryDamageTests
{
    private static TestWorkspace Workspace()
    {
        var ws = new TestWorkspace();
        ws.Write("notes.md", "first version\n");
        ws.Write("sub/big.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(150_000)));
        ws.Write("sub/small.txt", "small\n");
        ws.Sync();
        return ws;
    }

    [Theory]
    [InlineData(Damage.TruncatePack)]
    [InlineData(Damage.GarbleIndex)]
    public void Sync_WhenTheBlobOfAnUnchangedFileIsLost_StoresItAgainFromDiskAndIsComplete(Damage damage)
    {
        using var ws = Workspace();
        var big = BlobOf(ws, "sub/big.bin");
        var damaged = Isolate(ws, big);
        Apply(damaged, damage);
        ws.Write("notes.md", "second version\n");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Contains(result.Report.Notes, n => n.StartsWith("repaired: 1 objects", StringComparison.Ordinal));
        Assert.Contains(result.Report.Notes, n => n.Contains(Path.GetFileName(damaged), StringComparison.Ordinal) && n.Contains("brainrepo repair", StringComparison.Ordinal));
        Assert.Equal(big, ws.SnapshotFiles()["sub/big.bin"].BlobId);
        // With the damaged pack gone (as 'brainrepo repair' moves it), git finds every object of both snapshots.
        Remove(damaged);
        var (fsck, said) = Fsck(ws);
        Assert.True(fsck == 0, said);
    }

    [Theory]
    [InlineData(Damage.TruncatePack)]
    [InlineData(Damage.GarbleIndex)]
    public void Sync_WhenTheOnlyPackIsDamaged_FailsNamingTheChangedFileAndCommitsNothing(Damage damage)
    {
        using var ws = Workspace();
        var head = ws.Head();
        Apply(LargestPack(ws), damage);
        ws.Write("notes.md", "second version\n");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = Assert.Throws<RepositoryDamagedException>(() => ws.Sync());

            Assert.Equal(ErrorCodes.RepositoryDamaged, error.Code);
            Assert.Contains("notes.md", error.Paths);
            Assert.Contains(error.Paths, p => p.Contains(head!, StringComparison.Ordinal));
            Assert.Contains("brainrepo repair", error.Message, StringComparison.Ordinal);
            Assert.Equal(head, ws.Head());
        }
    }

    [Fact]
    public void Sync_WhenTheStoredVersionOfAChangedFileIsLost_FailsNamingOnlyThatFile()
    {
        using var ws = Workspace();
        var head = ws.Head();
        Apply(Isolate(ws, BlobOf(ws, "notes.md")), Damage.TruncatePack);
        ws.Write("notes.md", "second version\n");

        var error = Assert.Throws<RepositoryDamagedException>(() => ws.Sync());

        Assert.Equal(["notes.md"], error.Paths);
        Assert.Equal(head, ws.Head());
    }

    [Fact]
    public void Sync_WhenTheStoredVersionOfADeletedFileIsLost_FailsNamingIt()
    {
        using var ws = Workspace();
        Apply(Isolate(ws, BlobOf(ws, "sub/small.txt")), Damage.TruncatePack);
        ws.Delete("sub/small.txt");

        var error = Assert.Throws<RepositoryDamagedException>(() => ws.Sync());

        Assert.Equal(["sub/small.txt"], error.Paths);
    }

    [Fact]
    public void Sync_WhenACarriedForwardVersionIsLost_FailsNamingIt()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"");
        ws.Write("grows.txt", "small enough\n");
        ws.Write("other.txt", "other\n");
        ws.Sync();
        var head = ws.Head();
        Apply(Isolate(ws, BlobOf(ws, "grows.txt")), Damage.TruncatePack);
        ws.Write("grows.txt", new string('x', 4096)); // past the cap: its stored version would be carried forward

        var error = Assert.Throws<RepositoryDamagedException>(() => ws.Sync());

        Assert.Equal(["grows.txt"], error.Paths);
        Assert.Equal(head, ws.Head());
    }

    [Fact]
    public void Sync_WhenTheTreeOfAnUnchangedFolderIsLost_RebuildsItEvenWithNoChange()
    {
        using var ws = Workspace();
        var tree = ws.Git("rev-parse", "refs/heads/main:sub").Out.Trim();
        var damaged = Isolate(ws, tree);
        Apply(damaged, Damage.TruncatePack);

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Contains(result.Report.Notes, n => n.StartsWith("repaired: 1 objects", StringComparison.Ordinal));
        Assert.Equal(tree, ws.Git("rev-parse", "refs/heads/main:sub").Out.Trim());
        Remove(damaged);
        var (fsck, said) = Fsck(ws);
        Assert.True(fsck == 0, said);
    }

    [Fact]
    public void Sync_OnAnIntactRepository_WritesNoNotesIntoTheReport()
    {
        using var ws = Workspace();
        ws.Write("notes.md", "second version\n");

        var result = ws.Sync();

        Assert.Empty(result.Report.Notes);
        Assert.DoesNotContain("\"notes\"", ws.Git("cat-file", "blob", "refs/heads/main:.brainrepo/report.json").Out, StringComparison.Ordinal);
    }
}

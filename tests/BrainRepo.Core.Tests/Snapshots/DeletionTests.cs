using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class DeletionTests
{
    [Fact]
    public void Sync_WhenFileIsReallyDeleted_RemovesItFromTheSnapshot()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        ws.Write("notes/b.md", "b");
        ws.Sync();
        ws.Delete("notes/a.md");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Equal(1, result.Deleted);
        Assert.DoesNotContain("notes/a.md", ws.SnapshotFiles().Keys);
        Assert.Contains("notes/b.md", ws.SnapshotFiles().Keys);
    }

    [Fact]
    public void Sync_WhenMassDeletion_HoldsItBackUntilConfirmed()
    {
        using var ws = new TestWorkspace();
        for (var i = 0; i < 100; i++)
        {
            ws.Write($"memory/n{i:D3}.md", $"note {i}");
        }

        ws.Sync();
        for (var i = 0; i < 60; i++)
        {
            ws.Delete($"memory/n{i:D3}.md");
        }

        var held = ws.Sync();

        Assert.Equal(SnapshotStatus.Incomplete, held.Status);
        Assert.Equal(0, held.Deleted);
        Assert.Equal(100, ws.SnapshotFiles().Count);
        Assert.Equal(60, held.Report.Entries.Count(e => e.Disposition == Disposition.DeletionHeldBack));
        Assert.Contains(held.Report.Problems, p => p.Contains("--allow-mass-delete", StringComparison.Ordinal));

        var confirmed = ws.Sync(new SyncOptions { AllowMassDelete = true });

        Assert.Equal(SnapshotStatus.Complete, confirmed.Status);
        Assert.Equal(60, confirmed.Deleted);
        Assert.Equal(40, ws.SnapshotFiles().Count);
    }

    [Fact]
    public void Sync_WhenSmallDeletion_AppliesItWithoutConfirmation()
    {
        using var ws = new TestWorkspace();
        for (var i = 0; i < 100; i++)
        {
            ws.Write($"memory/n{i:D3}.md", $"note {i}");
        }

        ws.Sync();
        for (var i = 0; i < 10; i++)
        {
            ws.Delete($"memory/n{i:D3}.md");
        }

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Equal(10, result.Deleted);
        Assert.Equal(90, ws.SnapshotFiles().Count);
    }

    [Fact]
    public void Sync_WhenFileIsReplacedByFolder_StoresTheFolderContents()
    {
        using var ws = new TestWorkspace();
        ws.Write("x", "file");
        ws.Sync();
        ws.Delete("x");
        ws.Write("x/inner.md", "now a folder");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Equal(["x/inner.md"], ws.SnapshotFiles().Keys.ToArray());
    }
}

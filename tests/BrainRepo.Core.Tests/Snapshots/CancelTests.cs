using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class CancelTests
{
    [Fact]
    public void Sync_CancelledDuringTheWalk_CommitsAndDeletesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        var first = ws.Sync();
        ws.Delete("a.md");
        ws.Write("b.md", "b");
        var packs = ws.PackCount();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ws.Sync(cancellationToken: cts.Token));

        Assert.Equal(first.CommitId, ws.Head());
        Assert.Equal(["a.md"], ws.SnapshotFiles().Keys.ToArray());
        Assert.Equal(packs, ws.PackCount());
        Assert.Empty(Directory.GetFiles(Path.Combine(ws.Config.RepositoryPath, "objects", "pack"), "tmp_*"));
    }

    [Fact]
    public void Sync_CancelledWhileReading_LeavesNoPartialSnapshot()
    {
        using var ws = new TestWorkspace();
        for (var i = 0; i < 500; i++)
        {
            ws.Write($"n/{i}.md", new string('x', 1000 + i));
        }

        using var cts = new CancellationTokenSource();
        var progress = new SyncProgressAction(p =>
        {
            if (p.Stage == "read" && p.Done > 0)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => ws.Sync(new SyncOptions { MaxParallelism = 1 }, cts.Token, progress));

        Assert.Null(ws.Head());
        Assert.Equal(0, ws.PackCount());
        Assert.Empty(Directory.GetFiles(Path.Combine(ws.Config.RepositoryPath, "objects", "pack"), "tmp_*"));

        var after = ws.Sync();
        Assert.Equal(500, after.Stored);
    }

    private sealed class SyncProgressAction(Action<SyncProgress> action) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => action(value);
    }
}

using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using BrainRepo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>
/// The stat cache of a new snapshot is saved while its pack is flushed, before the branch moves. These tests pin
/// what that order must never cost: a refused commit leaves no cache that the next sync trusts, and a failed
/// save is not the snapshot's failure.
/// </summary>
public sealed class StatCacheSaveTests
{
    [Fact]
    public void ARefusedCommit_LeavesTheHeadAlone_AndTheNextSyncStoresTheChange()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "first");
        var first = ws.Sync();
        ws.Write("notes/a.md", "second, longer");
        ws.Write("notes/b.md", "new");

        var refused = Assert.Throws<InvalidOperationException>(() => ws.Sync(new SyncOptions { BeforeCommit = _ => throw new InvalidOperationException("lease lost") }));
        Assert.Equal("lease lost", refused.Message);
        Assert.Equal(first.CommitId, ws.Head());

        var next = ws.Sync();
        Assert.False(next.Unchanged);
        Assert.Equal(SnapshotStatus.Complete, next.Status);
        Assert.Equal("second, longer", ws.ReadStored("notes/a.md"));
        Assert.Equal("new", ws.ReadStored("notes/b.md"));

        // And from then on the cache is the head's again: nothing is read.
        var quiet = ws.Sync();
        Assert.True(quiet.Unchanged);
        Assert.Equal(0, quiet.FilesRead);
    }

    [Fact]
    public void AStatCacheThatCannotBeSavedDuringTheFlush_IsSavedAfterTheCommit()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "one");
        ws.Sync();
        ws.Write("a.md", "two");
        Thread.Sleep(20); // let the racy window of the write pass, or its stamp is not cached and the last sync re-reads it

        SyncResult result;
        int saves;
        using (var repo = GitBackupRepository.CreateOrOpen(ws.Config.RepositoryPath, CancellationToken.None))
        using (var state = new FailingOnceStateStore(new SqliteStateStore(ws.Config.StateDatabase)))
        {
            var engine = new SnapshotEngine(ws.Config, repo, state, TimeProvider.System, NullLogger.Instance);
            result = engine.Run(new SyncOptions(), null, CancellationToken.None);
            saves = state.Saves;
        }

        Assert.False(result.Unchanged);
        Assert.Equal(result.CommitId, ws.Head());
        Assert.Equal("two", ws.ReadStored("a.md"));
        Assert.Equal(2, saves); // the failed one during the flush, then the one after the commit

        var next = ws.Sync();
        Assert.True(next.Unchanged);
        Assert.Equal(0, next.FilesRead); // the cache names the head: nothing is read again
    }

    /// <summary>A real store whose first save fails as a full disk would.</summary>
    private sealed class FailingOnceStateStore(IStateStore inner) : IStateStore
    {
        public int Saves { get; private set; }

        public Baseline LoadBaseline() => inner.LoadBaseline();

        public void SaveBaseline(string commitId, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, IReadOnlyDictionary<string, string> trees, string scanner)
        {
            Saves++;
            if (Saves == 1)
            {
                throw new IOException("No space left on device");
            }

            inner.SaveBaseline(commitId, files, previous, trees, scanner);
        }

        public void RecordRun(SyncRunRecord run) => inner.RecordRun(run);

        public IReadOnlyList<SyncRunRecord> RecentRuns(int count) => inner.RecentRuns(count);

        public void Dispose() => inner.Dispose();
    }
}

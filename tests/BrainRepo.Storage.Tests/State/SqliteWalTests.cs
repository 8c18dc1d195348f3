using BrainRepo.Core.Remote;
using BrainRepo.Core.Storage;
using BrainRepo.Storage.Sqlite;
using BrainRepo.Storage.Sqlite.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Tests.State;

/// <summary>
/// The state and coordination databases keep their write-ahead log when a command closes them (no checkpoint
/// and no deletion on every exit), and everything committed is still there for the next process.
/// </summary>
public sealed class SqliteWalTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static SyncRunRecord Run(int n, string? error = null) => new(
        new DateTimeOffset(2026, 11, 26, 12, 0, n % 60, TimeSpan.Zero), TimeSpan.FromMilliseconds(n), "complete", new string('a', 40), n, 0, 1, 0, 10L * n, error);

    [Fact]
    public void StateDatabase_LeavesItsLogWhenClosed_AndAnotherConnectionSeesEveryCommit()
    {
        var path = temp.File("state.db");
        using (var store = new SqliteStateStore(path))
        {
            store.RecordRun(Run(1));
            store.RecordRun(Run(2));
        }

        // Pooled connections close here, as they do when the process exits. SQLite's default would have
        // checkpointed the log into state.db and deleted it on this close.
        new SqliteDatabase(path, SqliteSchema.State).ClearPool();
        var log = new FileInfo(path + "-wal");
        Assert.True(log.Exists, "the write-ahead log was deleted on close");
        Assert.True(log.Length > 0);

        // A plain connection, as another process would open it, reads both runs from the log.
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var count = other.CreateCommand();
            count.CommandText = "SELECT count(*) FROM runs";
            Assert.Equal(2L, (long)count.ExecuteScalar()!);
        }

        using var reopened = new SqliteStateStore(path);
        Assert.Equal([Run(2), Run(1)], reopened.RecentRuns(5));
    }

    [Fact]
    public void StateDatabase_LogIsStillCheckpointedOnceItGrows_ItDoesNotGrowWithoutBound()
    {
        var path = temp.File("state.db");
        var error = new string('x', 40_000);
        for (var batch = 0; batch < 4; batch++)
        {
            // One short-lived store per batch, as one command per sync would be.
            using var store = new SqliteStateStore(path);
            for (var i = 0; i < 100; i++)
            {
                store.RecordRun(Run((batch * 100) + i, error));
            }
        }

        // 400 runs of 40 KB are 16 MB of commits. SQLite's automatic checkpoint (every 1,000 pages, ~4 MB) moved
        // them into the database and restarted the log from its beginning.
        Assert.True(new FileInfo(path).Length > 15_000_000, "the runs never reached the database file");
        var log = new FileInfo(path + "-wal");
        Assert.True(!log.Exists || log.Length < 8_000_000, "the log grew without being checkpointed");
        using var reopened = new SqliteStateStore(path);
        Assert.Equal(399, reopened.RecentRuns(1)[0].Stored);
    }

    [Fact]
    public void StateDatabase_LogOfManySmallCommits_StaysSmall_SoTheNextOpenRecoversLittle()
    {
        var path = temp.File("state.db");
        for (var batch = 0; batch < 30; batch++)
        {
            // One short-lived store per sync, each recording a few runs: the log outlives every close.
            using var store = new SqliteStateStore(path);
            for (var i = 0; i < 10; i++)
            {
                store.RecordRun(Run((batch * 10) + i));
            }
        }

        // 300 commits write at least 300 page frames (over 1.2 MB). With SQLite's default (a checkpoint every 1,000
        // pages) all of them would still be in the log, and every open would read them back.
        var log = new FileInfo(path + "-wal");
        Assert.True(log.Length < (SqliteWal.AutoCheckpointPages + 16) * 4_200L, $"the log holds {log.Length} bytes");
        using var reopened = new SqliteStateStore(path);
        Assert.Equal(300, reopened.RecentRuns(500).Count);
    }

    [Fact]
    public void SettingTheRemote_IsKeptAcrossReopen()
    {
        var path = temp.File("state.db");
        var remote = new RemoteConfig("https://example.invalid/brain.git", RemoteKind.Https, "brainrepo-remote", new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        using (var store = new SqlitePushStateStore(path))
        {
            store.SetRemote(remote, new PushState());
        }

        new SqliteDatabase(path, SqliteSchema.State).ClearPool();
        Assert.True(File.Exists(path + "-wal"));
        using var reopened = new SqlitePushStateStore(path);
        Assert.Equal(remote, reopened.GetRemote());
    }

    [Fact]
    public async Task CoordinationDatabase_LeavesItsLogWhenItsConnectionsClose_AndKeepsTheRequest()
    {
        var path = temp.File("coordination.db");
        var store = await SqliteCoordinationStore.OpenAsync(path, null, CancellationToken.None);
        var generation = await store.RequestAsync("ws", CancellationToken.None);

        // Pooled connections close here, as they do when the process exits.
        SqliteConnection.ClearAllPools();
        Assert.True(File.Exists(path + "-wal"), "the write-ahead log was deleted on close");

        var reopened = await SqliteCoordinationStore.OpenAsync(path, null, CancellationToken.None);
        var state = await reopened.GetStateAsync("ws", CancellationToken.None);
        Assert.NotNull(state);
        Assert.Equal(generation, state.Requested);
    }
}

using BrainRepo.Core.Remote;
using BrainRepo.Storage.Sqlite;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Tests.Remote;

public sealed class SqlitePushStateStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2025, 11, 26, 10, 30, 15, 123, TimeSpan.Zero);
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void PushState_RoundTripsEveryField_AcrossReopen()
    {
        var state = new PushState
        {
            LastSnapshotCommit = new string('a', 40),
            LastSnapshotAt = At,
            LastVerifiedCommit = new string('b', 40),
            LastVerifiedPushAt = At.AddMinutes(-5),
            PendingSnapshots = 3,
            LastError = "remote unavailable",
            LastErrorAt = At.AddSeconds(1),
            ConsecutiveFailures = 2,
            NextRetryAt = At.AddMinutes(1),
        };
        using (var store = new SqlitePushStateStore(temp.File("state.db")))
        {
            Assert.Equal(PushState.Initial, store.LoadPushState());
            store.SavePushState(state);
        }

        using var reopened = new SqlitePushStateStore(temp.File("state.db"));
        Assert.Equal(state, reopened.LoadPushState());
    }

    [Fact]
    public void Remote_IsSetReplacedAndRemoved_WithThePushStateInTheSameTransaction()
    {
        using var store = new SqlitePushStateStore(temp.File("state.db"));
        Assert.Null(store.GetRemote());

        store.SetRemote(new RemoteConfig("https://example.com/a.git", RemoteKind.Https, "remote", At), PushState.Initial with { PendingSnapshots = 4 });
        store.SetRemote(new RemoteConfig("/srv/b.git", RemoteKind.Local, null, At), PushState.Initial with { PendingSnapshots = 5 });

        Assert.Equal(new RemoteConfig("/srv/b.git", RemoteKind.Local, null, At), store.GetRemote());
        Assert.Equal(5, store.LoadPushState().PendingSnapshots);
        Assert.True(store.RemoveRemote(PushState.Initial));
        Assert.Null(store.GetRemote());
        Assert.False(store.RemoveRemote(PushState.Initial));
    }

    [Fact]
    public void Migration2_UpgradesAVersion1Database_KeepingItsData()
    {
        var file = temp.File("state.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE files (path TEXT PRIMARY KEY, mode INTEGER NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL,
                    st_size INTEGER, st_mtime INTEGER, st_ctime INTEGER, st_inode INTEGER) WITHOUT ROWID;
                CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL,
                    outcome TEXT NOT NULL, commit_id TEXT, stored INTEGER NOT NULL, not_stored INTEGER NOT NULL,
                    changed INTEGER NOT NULL, deleted INTEGER NOT NULL, bytes_read INTEGER NOT NULL, error TEXT);
                INSERT INTO meta VALUES ('baseline_commit', 'abc');
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }

        using (var store = new SqlitePushStateStore(file))
        {
            Assert.Null(store.GetRemote());
        }

        // Migrations 2 onwards applied, 1 recorded as applied by the earlier version, and user_version retired.
        using var check = new SqliteConnection($"Data Source={file};Pooling=False");
        check.Open();
        using var query = check.CreateCommand();
        query.CommandText = """
            SELECT (SELECT value FROM meta WHERE key = 'baseline_commit') || ':' || (SELECT user_version FROM pragma_user_version)
                || ':' || (SELECT group_concat(version, ',') FROM (SELECT version FROM schema_version WHERE component = 'state' ORDER BY version))
            """;
        Assert.Equal("abc:0:" + string.Join(',', Enumerable.Range(1, SqliteSchema.State.Latest)), query.ExecuteScalar());
        Assert.True(SqliteSchema.State.Latest >= 2);
    }
}

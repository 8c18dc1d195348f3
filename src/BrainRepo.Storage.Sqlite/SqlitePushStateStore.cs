using System.Globalization;
using BrainRepo.Core.Remote;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// The remote and the push state of a workspace, in its state database (tables <c>remote</c> and
/// <c>push_state</c>, migration <c>0002_remote_and_push_state</c>). One row each. The token is never stored here.
/// A damaged file or a full disk is reported as an error that names the file and what to do (<see cref="SqliteFailure"/>).
/// </summary>
public sealed class SqlitePushStateStore : IPushStateStore
{
    private readonly SqliteDatabase database;
    private readonly SqliteConnection connection;

    /// <summary>Opens the workspace's state database, creating it or bringing its schema up to date.</summary>
    /// <param name="databaseFile">The database file (<c>state.db</c>).</param>
    /// <param name="logger">Receives the migrations applied, if any.</param>
    public SqlitePushStateStore(string databaseFile, ILogger? logger = null)
    {
        database = new SqliteDatabase(databaseFile, SqliteSchema.State);
        connection = database.OpenAndMigrate(logger ?? NullLogger.Instance, CancellationToken.None);
    }

    public RemoteConfig? GetRemote() => database.Guard(() =>
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT url, kind, credential_name, configured_at FROM remote WHERE id = 1";
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return new RemoteConfig(
            r.GetString(0),
            Enum.Parse<RemoteKind>(r.GetString(1)),
            r.IsDBNull(2) ? null : r.GetString(2),
            ParseTime(r.GetString(3)));
    });

    public void SetRemote(RemoteConfig remote, PushState state) => database.Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(state);
        SqliteWal.SyncEveryCommit(connection);
        using var tx = connection.BeginTransaction();
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO remote(id, url, kind, credential_name, configured_at) VALUES (1, $u, $k, $c, $t)
                ON CONFLICT(id) DO UPDATE SET url = excluded.url, kind = excluded.kind,
                  credential_name = excluded.credential_name, configured_at = excluded.configured_at
                """;
            cmd.Parameters.AddWithValue("$u", remote.Url);
            cmd.Parameters.AddWithValue("$k", remote.Kind.ToString());
            cmd.Parameters.AddWithValue("$c", (object?)remote.CredentialName ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$t", FormatTime(remote.ConfiguredAt));
            cmd.ExecuteNonQuery();
        }

        Save(state, tx);
        tx.Commit();
    });

    public bool RemoveRemote(PushState state) => database.Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(state);
        SqliteWal.SyncEveryCommit(connection);
        using var tx = connection.BeginTransaction();
        int removed;
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "DELETE FROM remote";
            removed = cmd.ExecuteNonQuery();
        }

        Save(state, tx);
        tx.Commit();
        return removed > 0;
    });

    public PushState LoadPushState() => database.Guard(() =>
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT last_snapshot_commit, last_snapshot_at, last_verified_commit, last_verified_push_at, pending_snapshots,
                   last_error, last_error_at, consecutive_failures, next_retry_at
            FROM push_state WHERE id = 1
            """;
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return PushState.Initial;
        }

        return new PushState
        {
            LastSnapshotCommit = Text(r, 0),
            LastSnapshotAt = Time(r, 1),
            LastVerifiedCommit = Text(r, 2),
            LastVerifiedPushAt = Time(r, 3),
            PendingSnapshots = r.GetInt32(4),
            LastError = Text(r, 5),
            LastErrorAt = Time(r, 6),
            ConsecutiveFailures = r.GetInt32(7),
            NextRetryAt = Time(r, 8),
        };
    });

    public void SavePushState(PushState state) => database.Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(state);
        using var tx = connection.BeginTransaction();
        Save(state, tx);
        tx.Commit();
    });

    public void Dispose() => connection.Dispose();

    private void Save(PushState state, SqliteTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO push_state(id, last_snapshot_commit, last_snapshot_at, last_verified_commit, last_verified_push_at,
                                   pending_snapshots, last_error, last_error_at, consecutive_failures, next_retry_at)
            VALUES (1, $sc, $sa, $vc, $va, $p, $e, $ea, $f, $n)
            ON CONFLICT(id) DO UPDATE SET last_snapshot_commit = excluded.last_snapshot_commit,
              last_snapshot_at = excluded.last_snapshot_at, last_verified_commit = excluded.last_verified_commit,
              last_verified_push_at = excluded.last_verified_push_at, pending_snapshots = excluded.pending_snapshots,
              last_error = excluded.last_error, last_error_at = excluded.last_error_at,
              consecutive_failures = excluded.consecutive_failures, next_retry_at = excluded.next_retry_at
            """;
        cmd.Parameters.AddWithValue("$sc", (object?)state.LastSnapshotCommit ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$sa", TimeValue(state.LastSnapshotAt));
        cmd.Parameters.AddWithValue("$vc", (object?)state.LastVerifiedCommit ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$va", TimeValue(state.LastVerifiedPushAt));
        cmd.Parameters.AddWithValue("$p", state.PendingSnapshots);
        cmd.Parameters.AddWithValue("$e", (object?)state.LastError ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$ea", TimeValue(state.LastErrorAt));
        cmd.Parameters.AddWithValue("$f", state.ConsecutiveFailures);
        cmd.Parameters.AddWithValue("$n", TimeValue(state.NextRetryAt));
        cmd.ExecuteNonQuery();
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ParseTime(r.GetString(i));

    private static object TimeValue(DateTimeOffset? value) => value is { } v ? FormatTime(v) : DBNull.Value;

    private static string FormatTime(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

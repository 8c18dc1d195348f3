using BrainRepo.Core.Storage;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// Numbered schema migrations of the state database. The applied number is PRAGMA user_version;
/// each migration runs once, in its own transaction. Never edit a shipped migration: add one.
/// </summary>
public static class SqliteMigrations
{
    private static readonly string[] Migrations =
    [
        // 1: stat cache of the last snapshot, and run history.
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE files (
            path TEXT PRIMARY KEY, mode INTEGER NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL,
            st_size INTEGER, st_mtime INTEGER, st_ctime INTEGER, st_inode INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL,
            outcome TEXT NOT NULL, commit_id TEXT, stored INTEGER NOT NULL, not_stored INTEGER NOT NULL,
            changed INTEGER NOT NULL, deleted INTEGER NOT NULL, bytes_read INTEGER NOT NULL, error TEXT
        );
        """,

        // 2: the remote (never its token: that lives in the credential store) and the push state.
        """
        CREATE TABLE remote (
            id INTEGER PRIMARY KEY CHECK (id = 1), url TEXT NOT NULL, kind TEXT NOT NULL,
            credential_name TEXT, configured_at TEXT NOT NULL
        );
        CREATE TABLE push_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_snapshot_commit TEXT, last_snapshot_at TEXT,
            last_verified_commit TEXT, last_verified_push_at TEXT,
            pending_snapshots INTEGER NOT NULL DEFAULT 0,
            last_error TEXT, last_error_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_retry_at TEXT
        );
        """,

        // 3: tree ids of the last snapshot's folders, so unchanged folders are not re-hashed.
        """
        CREATE TABLE trees (path TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
        """,

        // 4: the stat cache and tree ids as one compact value (StatCacheCodec) instead of a row per file.
        // The old tables stay readable: the first sync after the upgrade loads them and moves them over.
        """
        CREATE TABLE stat_cache (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL);
        """,
    ];

    public static int Latest => Migrations.Length;

    public static void Apply(SqliteConnection connection)
    {
        using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        try
        {
            var version = CurrentVersion(connection);
            if (version > Migrations.Length)
            {
                throw new InvalidOperationException($"The state database has schema version {version}, newer than this BrainRepo ({Migrations.Length}). Upgrade BrainRepo.");
            }

            for (var i = version; i < Migrations.Length; i++)
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = Migrations[i] + $"\nPRAGMA user_version = {i + 1};";
                cmd.ExecuteNonQuery();
            }

            using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        catch
        {
            using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
            throw;
        }
    }

    private static int CurrentVersion(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

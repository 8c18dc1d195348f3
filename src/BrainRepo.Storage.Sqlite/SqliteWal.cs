using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// How BrainRepo's SQLite databases (WAL mode) use their write-ahead log.
/// <para>
/// The log is kept when a connection closes (<see cref="KeepLogOnClose"/>) instead of being checkpointed
/// into the database and deleted. SQLite's default made every short-lived command pay, on exit, for a
/// checkpoint of each database it had opened (two fsyncs each) and, because the log file was then
/// deleted, on its next first write for a new log file (a header fsync and a directory fsync): 10 fsyncs
/// per incremental sync, 8 of them for these two small databases. SQLite still checkpoints on its own once the log
/// reaches <see cref="AutoCheckpointPages"/> pages, and what is committed is visible to every other process exactly as before.
/// </para>
/// <para>
/// The price of a kept log: the next process to open the database rebuilds its index by reading the whole log
/// ("recovery"), because the shared-memory index does not outlive the last connection. With SQLite's default of
/// checkpointing at 1,000 pages the logs of an active workspace held 1–4 MB, and their recovery cost every sync
/// about 4 ms; at <see cref="AutoCheckpointPages"/> pages it is a fraction of a millisecond, for a checkpoint (two
/// fsyncs) every ten or so syncs.
/// </para>
/// <para>
/// Durability: with <c>synchronous=NORMAL</c> a commit is written to the log but not flushed, so after a
/// power cut (not a crash of the process) the last few seconds of commits can be missing. For the
/// per-sync rows (runs, push state, leases) that errs on the safe side: the status shows an older run or
/// an older verified push, and the next sync and push redo the work. A configuration change, such as
/// setting the remote, is flushed at its commit (<see cref="SyncEveryCommit"/>).
/// </para>
/// </summary>
internal static class SqliteWal
{
    /// <summary>The log size, in pages, at which a commit checkpoints it (<c>PRAGMA wal_autocheckpoint</c>; SQLite's default is 1,000).</summary>
    public const int AutoCheckpointPages = 64;

    /// <summary><c>SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE</c> from sqlite3.h.</summary>
    private const int NoCheckpointOnClose = 1006;

    /// <summary>Closing this connection leaves the log for the next process instead of checkpointing it.</summary>
    public static void KeepLogOnClose(SqliteConnection connection)
    {
        var rc = raw.sqlite3_db_config(connection.Handle, NoCheckpointOnClose, 1, out _);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    /// <summary>From now on every commit on this connection is flushed to disk before it returns.</summary>
    public static void SyncEveryCommit(SqliteConnection connection)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL;";
        pragma.ExecuteNonQuery();
    }
}

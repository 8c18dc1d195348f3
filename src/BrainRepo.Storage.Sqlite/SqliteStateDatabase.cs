using BrainRepo.Core.Workspaces;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// Opens a workspace's state database: created if missing, WAL (readers never block a sync), a busy
/// timeout for concurrent processes, and every pending migration applied.
/// </summary>
public static class SqliteStateDatabase
{
    public static SqliteConnection Open(string databaseFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
        PrivateFolder.CreateFile(databaseFile); // SQLite gives its -wal and -shm files the database file's mode

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            SqliteWal.KeepLogOnClose(connection);
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint={SqliteWal.AutoCheckpointPages};";
                pragma.ExecuteNonQuery();
            }

            SqliteMigrations.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

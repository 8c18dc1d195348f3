using System.Data;
using System.Globalization;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Storage.Sqlite.Coordination;

/// <summary>
/// The SQLite coordination store: one database file shared by several processes on one host. WAL journal,
/// <c>busy_timeout</c>, and every write in a <c>BEGIN IMMEDIATE</c> transaction. Lease times come from the
/// database's clock (<c>julianday('now')</c>), never from the process clock.
/// </summary>
public sealed partial class SqliteCoordinationStore : ICoordinationStore
{
    /// <summary>The database clock in Unix seconds, plus the test-only offset <c>$skew</c>.</summary>
    private const string Now = "((julianday('now') - 2440587.5) * 86400.0 + $skew)";

    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    private SqliteCoordinationStore(string connectionString, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        _busyTimeoutMs = (int)busyTimeout.TotalMilliseconds;
    }

    /// <summary>Moves the database clock as the store sees it; tests only.</summary>
    internal TimeSpan ClockOffset { get; set; }

    /// <summary>Opens (creating if needed) the database file and applies pending schema migrations.</summary>
    public static async Task<SqliteCoordinationStore> OpenAsync(
        string databasePath, ILogger<SqliteCoordinationStore>? logger, CancellationToken cancellationToken, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        PrivateFolder.CreateFile(databasePath); // SQLite gives its -wal and -shm files the database file's mode
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        };
        var store = new SqliteCoordinationStore(builder.ToString(), busyTimeout ?? TimeSpan.FromSeconds(30));
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await SqliteMigrator.MigrateAsync(connection, logger ?? (ILogger)NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>The schema version this build applies.</summary>
    public static int LatestSchemaVersion => SqliteMigrator.LoadMigrations()[^1].Version;

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            SqliteWal.KeepLogOnClose(connection);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = string.Create(
                CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {SqliteWal.AutoCheckpointPages};");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> in a <c>BEGIN IMMEDIATE</c> transaction and commits it.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var result = await body(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await body(connection).ConfigureAwait(false);
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$skew", ClockOffset.TotalSeconds);
        return command;
    }

    private static DateTimeOffset FromUnix(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000.0));

    private static DateTimeOffset? FromUnix(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnix(reader.GetDouble(ordinal));

    private static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

using System.Data;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Storage.Sqlite.Coordination;

/// <summary>
/// The SQLite coordination store: one database file shared by several processes on one host, opened like every
/// BrainRepo SQLite database (<see cref="SqliteDatabase"/>: WAL, <c>busy_timeout</c>), and every write in a
/// <c>BEGIN IMMEDIATE</c> transaction. Lease times come from the database's clock (<c>julianday('now')</c>), never
/// from the process clock.
/// </summary>
public sealed partial class SqliteCoordinationStore : ICoordinationStore
{
    /// <summary>The database clock in Unix seconds, plus the test-only offset <c>$skew</c>.</summary>
    private const string Now = "((julianday('now') - 2440587.5) * 86400.0 + $skew)";

    private readonly SqliteDatabase _database;

    private SqliteCoordinationStore(SqliteDatabase database) => _database = database;

    /// <summary>Moves the database clock as the store sees it; tests only.</summary>
    internal TimeSpan ClockOffset { get; set; }

    /// <summary>
    /// Opens (creating if needed) the database file and applies pending schema migrations. A damaged file or a full
    /// disk is reported, here and by every operation, as an error that names the file and what to do.
    /// </summary>
    public static async Task<SqliteCoordinationStore> OpenAsync(
        string databasePath, ILogger<SqliteCoordinationStore>? logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var database = new SqliteDatabase(databasePath, SqliteSchema.Coordination);
        await using var connection = database.OpenAndMigrate(logger ?? (ILogger)NullLogger.Instance, cancellationToken);
        return new SqliteCoordinationStore(database);
    }

    /// <summary>The schema version this build applies.</summary>
    public static int LatestSchemaVersion => SqliteSchema.Coordination.Latest;

    private SqliteConnection OpenConnection(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _database.Open();
    }

    /// <summary>Runs <paramref name="body"/> in a <c>BEGIN IMMEDIATE</c> transaction and commits it.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> body, CancellationToken cancellationToken) =>
        _database.GuardAsync(async () =>
        {
            await using var connection = OpenConnection(cancellationToken);
            await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var result = await body(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        });

    private Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> body, CancellationToken cancellationToken) =>
        _database.GuardAsync(async () =>
        {
            await using var connection = OpenConnection(cancellationToken);
            return await body(connection).ConfigureAwait(false);
        });

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

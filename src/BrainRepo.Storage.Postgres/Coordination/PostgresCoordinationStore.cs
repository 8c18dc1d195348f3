using BrainRepo.Core.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BrainRepo.Storage.Postgres.Coordination;

/// <summary>
/// The PostgreSQL coordination store, shared by workers on several hosts. Lease times come from the database's
/// clock (<c>clock_timestamp()</c>); acquires lock the row (<c>FOR UPDATE</c>, <c>SKIP LOCKED</c> for next-due)
/// and every other write is a conditional <c>UPDATE</c> guarded by owner and fencing token.
/// </summary>
public sealed partial class PostgresCoordinationStore : ICoordinationStore, IAsyncDisposable
{
    /// <summary>The database clock, plus the test-only offset <c>@skew</c>.</summary>
    private const string Now = "(clock_timestamp() + @skew)";

    private readonly NpgsqlDataSource _dataSource;

    private PostgresCoordinationStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Moves the database clock as the store sees it; tests only.</summary>
    internal TimeSpan ClockOffset { get; set; }

    /// <summary>The schema version this build applies.</summary>
    public static int LatestSchemaVersion => PostgresMigrator.LoadMigrations()[^1].Version;

    /// <summary>Connects with <paramref name="connectionString"/> and applies pending schema migrations.</summary>
    public static async Task<PostgresCoordinationStore> OpenAsync(
        string connectionString, ILogger<PostgresCoordinationStore>? logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresMigrator.MigrateAsync(dataSource, logger ?? (ILogger)NullLogger.Instance, cancellationToken).ConfigureAwait(false);
            return new PostgresCoordinationStore(dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await body(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await body(connection).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("skew", ClockOffset);
        return command;
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

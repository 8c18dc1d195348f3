using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Sqlite.Coordination;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Tests.Coordination;

/// <summary>The coordination contract on SQLite (one database file per test).</summary>
public sealed class SqliteCoordinationStoreTests : CoordinationStoreContract
{
    private string DatabasePath => Temp.File("coordination.db");

    /// <inheritdoc />
    protected override string Backend => "sqlite";

    /// <inheritdoc />
    protected override string DatabaseArgument => DatabasePath;

    /// <inheritdoc />
    protected override async Task<ICoordinationStore> OpenStoreCoreAsync() =>
        await SqliteCoordinationStore.OpenAsync(DatabasePath, null, CancellationToken.None);

    /// <inheritdoc />
    protected override void SetClockOffset(ICoordinationStore store, TimeSpan offset) =>
        ((SqliteCoordinationStore)store).ClockOffset = offset;

    /// <inheritdoc />
    protected override async Task<long> CountSchemaVersionRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_version WHERE component = 'coordination'";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    protected override async Task AddSchemaVersionFromTheFutureAsync(int version)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO schema_version (component, version, name, applied_at) VALUES ('coordination', $v, 'future', 0)";
        command.Parameters.AddWithValue("$v", version);
        await command.ExecuteNonQueryAsync();
    }
}

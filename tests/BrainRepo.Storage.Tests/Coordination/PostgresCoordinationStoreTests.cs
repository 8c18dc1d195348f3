using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Postgres.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;
using Npgsql;

namespace BrainRepo.Storage.Tests.Coordination;

/// <summary>The coordination contract on PostgreSQL (a throwaway cluster; one database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCoordinationStoreTests(PostgresClusterFixture fixture) : CoordinationStoreContract
{
    private string? _connectionString;

    /// <inheritdoc />
    protected override string Backend => "postgres";

    /// <inheritdoc />
    protected override string DatabaseArgument => _connectionString ?? throw new InvalidOperationException("No database.");

    /// <inheritdoc />
    public override async Task InitializeAsync() =>
        _connectionString = await fixture.Cluster.CreateDatabaseAsync(CancellationToken.None);

    /// <inheritdoc />
    protected override async Task<ICoordinationStore> OpenStoreCoreAsync() =>
        await PostgresCoordinationStore.OpenAsync(DatabaseArgument, null, CancellationToken.None);

    /// <inheritdoc />
    protected override void SetClockOffset(ICoordinationStore store, TimeSpan offset) =>
        ((PostgresCoordinationStore)store).ClockOffset = offset;

    /// <inheritdoc />
    protected override async Task<long> CountSchemaVersionRowsAsync()
    {
        await using var connection = new NpgsqlConnection(DatabaseArgument);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_version WHERE component = 'coordination'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    protected override async Task AddSchemaVersionFromTheFutureAsync(int version)
    {
        await using var connection = new NpgsqlConnection(DatabaseArgument);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO schema_version (component, version, name) VALUES ('coordination', @v, 'future')", connection);
        command.Parameters.AddWithValue("v", version);
        await command.ExecuteNonQueryAsync();
    }
}

using BrainRepo.Core.Errors;
using BrainRepo.Core.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BrainRepo.Storage.Postgres.Coordination;

/// <summary>
/// Applies the numbered embedded migrations (<c>Migrations/NNNN_name.sql</c>, <see cref="SchemaMigration"/>) that the
/// database has not seen, each in its own transaction under an advisory lock together with its row in
/// <c>schema_version</c>, as the SQLite databases do. Idempotent and safe when several workers start at once: each
/// re-reads what is applied under the lock. A database whose schema is newer than this build is refused.
/// </summary>
internal static class PostgresMigrator
{
    public const string Component = "coordination";
    private const string Prefix = "BrainRepo.Storage.Postgres.Coordination.Migrations.";
    private const long AdvisoryLockKey = 0x4272_6169_6E52_6570; // "BrainRep"

    private static readonly Lazy<IReadOnlyList<SchemaMigration>> Migrations =
        new(() => SchemaMigration.Load(typeof(PostgresMigrator).Assembly, Prefix));

    public static IReadOnlyList<SchemaMigration> LoadMigrations() => Migrations.Value;

    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var migrations = LoadMigrations();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var applied = await AppliedAsync(connection, null, cancellationToken).ConfigureAwait(false);
        RefuseNewer(applied, connection, migrations[^1].Version);
        foreach (var migration in migrations)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("""
                SELECT pg_advisory_xact_lock(@key);
                CREATE TABLE IF NOT EXISTS schema_version (
                    component  text        NOT NULL,
                    version    integer     NOT NULL,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (component, version));
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("key", AdvisoryLockKey);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            applied = await AppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            RefuseNewer(applied, connection, migrations[^1].Version);
            var apply = !applied.Contains(migration.Version);
            if (apply)
            {
                await using (var migrate = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using var record = new NpgsqlCommand(
                    "INSERT INTO schema_version (component, version, name) VALUES (@c, @v, @n);", connection, transaction);
                record.Parameters.AddWithValue("c", Component);
                record.Parameters.AddWithValue("v", migration.Version);
                record.Parameters.AddWithValue("n", migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                applied.Add(migration.Version);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (apply)
            {
                PostgresCoordinationLog.MigrationApplied(logger, migration.Version, migration.Name);
            }
        }

        PostgresCoordinationLog.SchemaCurrent(logger, migrations[^1].Version);
        return migrations[^1].Version;
    }

    private static async Task<HashSet<int>> AppliedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var versions = new HashSet<int>();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL;", connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return versions;
            }
        }

        await using var command = new NpgsqlCommand("SELECT version FROM schema_version WHERE component = @c;", connection, transaction);
        command.Parameters.AddWithValue("c", Component);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static void RefuseNewer(HashSet<int> applied, NpgsqlConnection connection, int latest)
    {
        if (applied.Count > 0 && applied.Max() is var newest && newest > latest)
        {
            throw new BrainRepoException(
                ErrorCodes.DatabaseTooNew,
                $"The PostgreSQL coordination database '{connection.Database}' on '{connection.Host}' has schema version {newest}, written by a newer BrainRepo; this one knows versions up to {latest}. Nothing was changed. Fix: run that newer BrainRepo (or a later one) on every node.");
        }
    }
}

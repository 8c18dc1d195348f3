using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BrainRepo.Storage.Postgres.Coordination;

/// <summary>
/// Applies the numbered embedded migrations (<c>Migrations/NNNN_name.sql</c>) that the database has not seen,
/// each in a transaction under an advisory lock, and records them in <c>schema_version</c>. Idempotent and safe
/// when several workers start at once.
/// </summary>
internal static class PostgresMigrator
{
    public const string Component = "coordination";
    private const string Prefix = "BrainRepo.Storage.Postgres.Coordination.Migrations.";
    private const long AdvisoryLockKey = 0x4272_6169_6E52_6570; // "BrainRep"

    public static IReadOnlyList<(int Version, string Name, string Sql)> LoadMigrations()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Name: n[Prefix.Length..^4]))
            .Select(x => (Version: int.Parse(x.Name[..4], CultureInfo.InvariantCulture), x.Name, Sql: Read(assembly, x.Resource)))
            .OrderBy(x => x.Version)
            .ToList();
    }

    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = 0;
        foreach (var (number, name, sql) in LoadMigrations())
        {
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

            await using (var check = new NpgsqlCommand(
                "SELECT count(*) FROM schema_version WHERE component = @c AND version = @v;", connection, transaction))
            {
                check.Parameters.AddWithValue("c", Component);
                check.Parameters.AddWithValue("v", number);
                if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    version = number;
                    continue;
                }
            }

            await using (var migrate = new NpgsqlCommand(sql, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_version (component, version, name) VALUES (@c, @v, @n);", connection, transaction))
            {
                record.Parameters.AddWithValue("c", Component);
                record.Parameters.AddWithValue("v", number);
                record.Parameters.AddWithValue("n", name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            PostgresCoordinationLog.MigrationApplied(logger, number, name);
            version = number;
        }

        PostgresCoordinationLog.SchemaCurrent(logger, version);
        return version;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

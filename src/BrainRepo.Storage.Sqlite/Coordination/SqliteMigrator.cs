using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Storage.Sqlite.Coordination;

/// <summary>
/// Applies the numbered embedded migrations (<c>Migrations/NNNN_name.sql</c>) that the database has not seen,
/// each in a <c>BEGIN IMMEDIATE</c> transaction, and records them in <c>schema_version</c>. Idempotent and safe
/// when several processes start at once.
/// </summary>
internal static class SqliteMigrator
{
    public const string Component = "coordination";
    private const string Prefix = "BrainRepo.Storage.Sqlite.Coordination.Migrations.";

    public static IReadOnlyList<(int Version, string Name, string Sql)> LoadMigrations()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Name: n[Prefix.Length..^4]))
            .Select(x => (Version: int.Parse(x.Name[..4], CultureInfo.InvariantCulture), x.Name, Sql: Read(assembly, x.Resource)))
            .OrderBy(x => x.Version)
            .ToList();
    }

    public static async Task<int> MigrateAsync(SqliteConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var version = 0;
        foreach (var (number, name, sql) in LoadMigrations())
        {
            await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
            await Execute(connection, transaction, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    component  TEXT    NOT NULL,
                    version    INTEGER NOT NULL,
                    name       TEXT    NOT NULL,
                    applied_at REAL    NOT NULL,
                    PRIMARY KEY (component, version));
                """, cancellationToken).ConfigureAwait(false);
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT count(*) FROM schema_version WHERE component = $c AND version = $v;";
                check.Parameters.AddWithValue("$c", Component);
                check.Parameters.AddWithValue("$v", number);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                {
                    version = number;
                    continue;
                }
            }

            await Execute(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = """
                    INSERT INTO schema_version (component, version, name, applied_at)
                    VALUES ($c, $v, $n, (julianday('now') - 2440587.5) * 86400.0);
                    """;
                record.Parameters.AddWithValue("$c", Component);
                record.Parameters.AddWithValue("$v", number);
                record.Parameters.AddWithValue("$n", name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            SqliteCoordinationLog.MigrationApplied(logger, number, name);
            version = number;
        }

        SqliteCoordinationLog.SchemaCurrent(logger, version);
        return version;
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

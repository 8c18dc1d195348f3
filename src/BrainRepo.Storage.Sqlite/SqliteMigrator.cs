using System.Globalization;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// The one way BrainRepo's SQLite databases change schema: the numbered embedded migrations of the database's
/// <see cref="SqliteSchema"/> that it has not seen are applied in order, each in its own <c>BEGIN IMMEDIATE</c>
/// transaction together with its row in <c>schema_version</c>, and logged. Opening a current database takes no write
/// lock. Idempotent, and safe when several processes open the database at once: the write lock serialises them and
/// each re-reads what is applied under it.
/// </summary>
internal static class SqliteMigrator
{
    /// <summary>The version table; shared by every database and engine (PostgreSQL has the same columns).</summary>
    private const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            component  TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            name       TEXT    NOT NULL,
            applied_at REAL    NOT NULL,
            PRIMARY KEY (component, version));
        """;

    /// <summary>Brings the database's schema to <see cref="SqliteSchema.Latest"/> and returns that version.</summary>
    public static int Migrate(SqliteConnection connection, SqliteDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        var schema = database.Schema;
        Execute(connection, null, "PRAGMA journal_mode = WAL;");

        var applied = Applied(connection, null, schema.Component);
        RefuseNewer(applied, database);
        foreach (var migration in schema.Migrations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            int adopted;
            bool apply;
            using (var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false))
            {
                Execute(connection, transaction, VersionTable);
                adopted = schema.AdoptsUserVersion ? AdoptUserVersion(connection, transaction, database) : 0;
                applied = Applied(connection, transaction, schema.Component);
                RefuseNewer(applied, database);
                apply = !applied.Contains(migration.Version);
                if (apply)
                {
                    Execute(connection, transaction, migration.Sql);
                    Record(connection, transaction, schema.Component, migration);
                    applied.Add(migration.Version);
                }

                transaction.Commit();
            }

            if (adopted > 0)
            {
                LogMessages.UserVersionAdopted(logger, schema.Component, adopted, database.File);
            }

            if (apply)
            {
                LogMessages.MigrationApplied(logger, schema.Component, migration.Version, migration.Name, database.File);
            }
        }

        LogMessages.SchemaCurrent(logger, schema.Component, database.File, schema.Latest);
        return schema.Latest;
    }

    /// <summary>
    /// A state database written before <c>schema_version</c> counted its migrations in <c>PRAGMA user_version</c>
    /// (which then ran the same statements as migrations 1 to 4): those are recorded as applied, and user_version
    /// goes back to 0 so the database looks exactly like one created now. Returns how many were recorded.
    /// </summary>
    private static int AdoptUserVersion(SqliteConnection connection, SqliteTransaction transaction, SqliteDatabase database)
    {
        var legacy = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
        if (legacy == 0 || Applied(connection, transaction, database.Schema.Component).Count > 0)
        {
            return 0;
        }

        if (legacy > database.Schema.Latest)
        {
            throw TooNew(database, legacy);
        }

        foreach (var migration in database.Schema.Migrations.Take(legacy))
        {
            Record(connection, transaction, database.Schema.Component, migration);
        }

        Execute(connection, transaction, "PRAGMA user_version = 0;");
        return legacy;
    }

    private static HashSet<int> Applied(SqliteConnection connection, SqliteTransaction? transaction, string component)
    {
        var versions = new HashSet<int>();
        if (Convert.ToInt64(Scalar(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';"), CultureInfo.InvariantCulture) == 0)
        {
            return versions;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_version WHERE component = $c;";
        command.Parameters.AddWithValue("$c", component);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static void RefuseNewer(HashSet<int> applied, SqliteDatabase database)
    {
        if (applied.Count > 0 && applied.Max() is var newest && newest > database.Schema.Latest)
        {
            throw TooNew(database, newest);
        }
    }

    private static BrainRepoException TooNew(SqliteDatabase database, int version) => new(
        ErrorCodes.DatabaseTooNew,
        $"The {database.Schema.Description} '{database.File}' has schema version {version}, written by a newer BrainRepo; this one knows versions up to {database.Schema.Latest}. Nothing was changed. Fix: use that newer BrainRepo (or a later one).");

    private static void Record(SqliteConnection connection, SqliteTransaction transaction, string component, SchemaMigration migration)
    {
        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = """
            INSERT INTO schema_version (component, version, name, applied_at)
            VALUES ($c, $v, $n, (julianday('now') - 2440587.5) * 86400.0);
            """;
        record.Parameters.AddWithValue("$c", component);
        record.Parameters.AddWithValue("$v", migration.Version);
        record.Parameters.AddWithValue("$n", migration.Name);
        record.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

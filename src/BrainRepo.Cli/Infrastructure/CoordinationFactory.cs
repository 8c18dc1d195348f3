using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Workspaces;
using BrainRepo.Storage.Postgres.Coordination;
using BrainRepo.Storage.Sqlite.Coordination;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Opens the coordination store: by default one SQLite file for every workspace of this host
/// (<c>&lt;data&gt;/coordination.db</c>); with <c>--db postgres://…</c> a PostgreSQL database shared by hosts.
/// </summary>
public static class CoordinationFactory
{
    public static async Task<ICoordinationStore> OpenAsync(CliContext context, string? database, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            var data = DataDirectory.Resolve(context.GetEnvironment);
            PrivateFolder.Ensure(data);
            return await SqliteCoordinationStore.OpenAsync(Path.Combine(data, "coordination.db"), context.LoggerFactory.CreateLogger<SqliteCoordinationStore>(), cancellationToken);
        }

        if (database.StartsWith("postgres://", StringComparison.Ordinal) || database.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return await PostgresCoordinationStore.OpenAsync(ToConnectionString(database), context.LoggerFactory.CreateLogger<PostgresCoordinationStore>(), cancellationToken);
        }

        throw new ConfigException("--db must be a postgres:// or postgresql:// URL (the default is the local SQLite database). Fix: pass for example postgres://user@localhost:5432/brainrepo.");
    }

    public static SyncCoordinator Coordinator(CliContext context, ICoordinationStore store) =>
        new(store, new CoordinationOptions(), context.Time, context.LoggerFactory.CreateLogger<SyncCoordinator>());

    /// <summary>postgres://user:password@host:port/db?sslmode=… → an Npgsql connection string. The password may also come from PGPASSWORD.</summary>
    public static string ToConnectionString(string url)
    {
        Uri uri;
        try
        {
            uri = new Uri(url);
        }
        catch (UriFormatException)
        {
            throw new ConfigException("--db is not a valid postgres:// URL. Fix: postgres://user@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return builder.ConnectionString;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BrainRepo.Storage.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's server binaries (initdb, pg_ctl) in a temp dir,
/// on a free loopback port, and removed on dispose. initdb refuses to run as root, so as root the binaries run
/// as <see cref="DefaultUser"/> through <c>runuser</c>; <c>.ci/setup-postgres.sh</c> creates that user.
/// Throws with a clear message when the cluster cannot start: the tests fail, they never skip.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The non-root user (override with BRAINREPO_PG_USER); must match .ci/setup-postgres.sh.</summary>
    public const string DefaultUser = "brainrepo-pg";

    private const string SetupHint = "Run .ci/setup-postgres.sh (as root) first.";
    private readonly string _binDirectory;
    private readonly string? _runAs;
    private readonly string _dataDirectory;

    private PostgresCluster(string binDirectory, string? runAs, string root, int port)
    {
        _binDirectory = binDirectory;
        _runAs = runAs;
        RootDirectory = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        ConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>The temp dir holding the data dir, socket and log.</summary>
    public string RootDirectory { get; }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>A connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>Initialises and starts a cluster.</summary>
    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        var bin = Environment.GetEnvironmentVariable("BRAINREPO_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")) || !File.Exists(Path.Combine(bin, "pg_ctl")))
        {
            throw new InvalidOperationException($"PostgreSQL server binaries not found in {bin} (initdb, pg_ctl). {SetupHint}");
        }

        string? runAs = null;
        if (Environment.UserName == "root" || (await RunAsync("id", ["-u"], cancellationToken).ConfigureAwait(false)).Output.Trim() == "0")
        {
            runAs = Environment.GetEnvironmentVariable("BRAINREPO_PG_USER") ?? DefaultUser;
            if ((await RunAsync("id", ["-u", runAs], cancellationToken).ConfigureAwait(false)).ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Running as root, and the non-root user '{runAs}' that must run initdb/pg_ctl does not exist. {SetupHint}");
            }
        }

        // As root, TMPDIR may point somewhere the cluster user cannot enter: use /tmp (world-traversable) then.
        var tempBase = runAs is null ? Path.GetTempPath() : Environment.GetEnvironmentVariable("BRAINREPO_PG_TMP") ?? "/tmp";
        var root = Path.Combine(tempBase, "brainrepo-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (runAs is not null)
        {
            await CheckAsync(RunAsync("chown", [$"{runAs}:", root], cancellationToken), "chown the cluster directory").ConfigureAwait(false);
        }

        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var cluster = new PostgresCluster(bin, runAs, root, FreePort());
            try
            {
                if (attempt == 0)
                {
                    await CheckAsync(cluster.RunToolAsync("initdb", [
                        "-D", cluster._dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions",
                    ], cancellationToken), "initdb").ConfigureAwait(false);
                }

                var options = string.Create(CultureInfo.InvariantCulture,
                    $"-p {cluster.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
                await CheckAsync(cluster.RunToolAsync("pg_ctl", [
                    "-D", cluster._dataDirectory, "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60", "-o", options, "start",
                ], cancellationToken), "pg_ctl start").ConfigureAwait(false);
                return cluster;
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        var log = Path.Combine(root, "postgres.log");
        var tail = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false) : "(no server log)";
        TryDelete(root);
        throw new InvalidOperationException(
            $"Could not start a throwaway PostgreSQL cluster: {string.Join(" | ", failures)}\nServer log:\n{tail}\n{SetupHint}");
    }

    /// <summary>A connection string to <paramref name="database"/>.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        MaxPoolSize = 40,
        Timeout = 30,
    }.ToString();

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server and removes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], CancellationToken.None)
            .ConfigureAwait(false);
        TryDelete(RootDirectory);
    }

    private Task<(int ExitCode, string Output)> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _runAs is null
            ? RunAsync(path, arguments, cancellationToken)
            : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], cancellationToken);
    }

    private static async Task CheckAsync(Task<(int ExitCode, string Output)> run, string what)
    {
        var (exitCode, output) = await run.ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {exitCode}: {output.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{file}: {ex.Message}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

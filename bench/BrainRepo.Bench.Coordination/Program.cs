// Coordination benchmark: overhead per sync (request + acquire + renew + complete) on SQLite and PostgreSQL, and
// throughput of many no-op workspaces served by 1 vs 4 workers.
//
//   dotnet run -c Release --project bench/BrainRepo.Bench.Coordination -- [--cycles 2000] [--workspaces 1000] [--pg <connection string>]
//
// Without --pg a throwaway PostgreSQL cluster is started (see .ci/setup-postgres.sh).
using System.Globalization;
using BrainRepo.Bench.Coordination;
using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Postgres.Coordination;
using BrainRepo.Storage.Sqlite.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

var cycles = int.Parse(options.GetValueOrDefault("cycles", "2000"), CultureInfo.InvariantCulture);
var workspaces = int.Parse(options.GetValueOrDefault("workspaces", "1000"), CultureInfo.InvariantCulture);
var directory = Path.Combine(Path.GetTempPath(), "brainrepo-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);
PostgresCluster? cluster = null;
try
{
    string pgBase;
    if (options.TryGetValue("pg", out var given))
    {
        pgBase = given;
    }
    else
    {
        cluster = await PostgresCluster.StartAsync(CancellationToken.None);
        pgBase = cluster.ConnectionString;
    }

    async Task<Func<Task<ICoordinationStore>>> Sqlite(string name)
    {
        var path = Path.Combine(directory, name + ".db");
        await SqliteCoordinationStore.OpenAsync(path, null, CancellationToken.None);
        return async () => await SqliteCoordinationStore.OpenAsync(path, null, CancellationToken.None);
    }

    async Task<Func<Task<ICoordinationStore>>> Postgres()
    {
        var connectionString = cluster is not null ? await cluster.CreateDatabaseAsync(CancellationToken.None) : pgBase;
        return async () => await PostgresCoordinationStore.OpenAsync(connectionString, null, CancellationToken.None);
    }

    Console.WriteLine($"# Coordination benchmark ({Environment.ProcessorCount} cores, {cycles} cycles, {workspaces} workspaces)");
    Console.WriteLine();
    Console.WriteLine("| Backend | Cycle | Mean (ms) | p50 (ms) | p95 (ms) | p99 (ms) |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var (name, open) in new[] { ("SQLite", await Sqlite("overhead")), ("PostgreSQL", await Postgres()) })
    {
        var store = await open();
        Console.WriteLine(Benchmarks.Row(name, "store: request+acquire+renew+complete", await Benchmarks.StoreCycleAsync(store, cycles)));
        Console.WriteLine(Benchmarks.Row(name, "SyncCoordinator.TryRunOnceAsync, no-op job", await Benchmarks.CoordinatorCycleAsync(store, cycles)));
    }

    Console.WriteLine();
    Console.WriteLine("| Backend | Workers | Job | Workspaces | Wall (s) | Runs/s |");
    Console.WriteLine("|---|---:|---|---:|---:|---:|");
    foreach (var jobMs in new[] { 0, 5 })
    {
        foreach (var workers in new[] { 1, 4 })
        {
            var (seconds, runs) = await Benchmarks.ThroughputAsync(await Postgres(), workers, workspaces, TimeSpan.FromMilliseconds(jobMs));
            Console.WriteLine(Benchmarks.ThroughputRow("PostgreSQL", workers, jobMs, workspaces, seconds, runs));
        }

        foreach (var workers in new[] { 1, 4 })
        {
            var (seconds, runs) = await Benchmarks.ThroughputAsync(await Sqlite($"throughput-{jobMs}-{workers}"), workers, workspaces, TimeSpan.FromMilliseconds(jobMs));
            Console.WriteLine(Benchmarks.ThroughputRow("SQLite", workers, jobMs, workspaces, seconds, runs));
        }
    }
}
finally
{
    if (cluster is not null)
    {
        await cluster.DisposeAsync();
    }

    Directory.Delete(directory, recursive: true);
}

// A tiny worker process for the coordination tests: runs a WorkerLoop (or one run) against a database, with a
// job that journals what it does and can be held mid-job, so the tests can SIGKILL / SIGSTOP it.
//
// Arguments (all --name value): backend (sqlite|postgres), db (path or connection string), journal (file),
// mode (worker|once), workspace (for once), host, ttl-ms, heartbeat-ms, poll-ms, hold-file, go-file.
using System.Globalization;
using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Postgres.Coordination;
using BrainRepo.Storage.Sqlite.Coordination;
using Microsoft.Extensions.Logging;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Arg(string name, string? fallback = null) =>
    options.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required");
TimeSpan Ms(string name, int fallback) =>
    TimeSpan.FromMilliseconds(int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture));

var journalPath = Arg("journal");
var journalLock = new object();
void Journal(string line)
{
    lock (journalLock)
    {
        File.AppendAllText(journalPath, line + "\n");
    }
}

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; shutdown.Cancel(); };

ICoordinationStore store = Arg("backend") switch
{
    "sqlite" => await SqliteCoordinationStore.OpenAsync(Arg("db"), loggerFactory.CreateLogger<SqliteCoordinationStore>(), shutdown.Token),
    "postgres" => await PostgresCoordinationStore.OpenAsync(Arg("db"), loggerFactory.CreateLogger<PostgresCoordinationStore>(), shutdown.Token),
    var other => throw new ArgumentException($"unknown backend {other}"),
};

var coordination = new CoordinationOptions
{
    LeaseTtl = Ms("ttl-ms", 2000),
    HeartbeatInterval = Ms("heartbeat-ms", 300),
    HostName = options.GetValueOrDefault("host"),
};
var coordinator = new SyncCoordinator(store, coordination, TimeProvider.System, loggerFactory.CreateLogger<SyncCoordinator>());
var holdFile = options.GetValueOrDefault("hold-file");
var goFile = options.GetValueOrDefault("go-file");
var pid = Environment.ProcessId;

async Task<RunOutcome> Job(CoordinatedRun run, CancellationToken cancellationToken)
{
    Journal(string.Create(CultureInfo.InvariantCulture, $"start {run.Workspace} {run.Generation} {run.FencingToken} {pid}"));
    while (holdFile is not null && File.Exists(holdFile))
    {
        await Task.Delay(50, cancellationToken);
    }

    if (goFile is not null)
    {
        // Simulates work that does not look at the token (e.g. a long synchronous stage) until the go file appears.
        while (!File.Exists(goFile))
        {
            Thread.Sleep(20);
        }

        try
        {
            await run.PushAsync(_ => Task.FromResult(true), run.ShutdownToken);
            Journal($"pushed {run.Workspace} {run.Generation}");
        }
        catch (LeaseLostException)
        {
            Journal($"fenced {run.Workspace} {run.Generation}");
            throw;
        }
    }

    Journal(string.Create(CultureInfo.InvariantCulture, $"end {run.Workspace} {run.Generation} {pid}"));
    return RunOutcome.Succeeded;
}

Journal(string.Create(CultureInfo.InvariantCulture, $"ready {pid} {coordinator.Owner}"));
if (Arg("mode", "worker") == "once")
{
    var attempt = await coordinator.TryRunOnceAsync(Arg("workspace"), Job, shutdown.Token);
    Journal($"result {attempt.Status}");
    return 0;
}

var worker = new WorkerLoop(
    store, coordinator, new WorkerOptions { PollInterval = Ms("poll-ms", 100) }, TimeProvider.System, loggerFactory.CreateLogger<WorkerLoop>());
await worker.RunAsync(Job, shutdown.Token);
return 0;

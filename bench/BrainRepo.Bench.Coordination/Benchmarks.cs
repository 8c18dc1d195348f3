using System.Diagnostics;
using System.Globalization;
using BrainRepo.Core.Coordination;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Bench.Coordination;

/// <summary>The measurements.</summary>
internal static class Benchmarks
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);

    public static async Task<double[]> StoreCycleAsync(ICoordinationStore store, int cycles)
    {
        var owner = new OwnerIdentity("bench", Environment.ProcessId, 0, "store");
        var ws = "overhead-store";
        var samples = new double[cycles];
        for (var i = -50; i < cycles; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await store.RequestAsync(ws, CancellationToken.None);
            var lease = (await store.TryAcquireAsync(ws, owner, Ttl, null, CancellationToken.None)).Lease!;
            await store.RenewAsync(lease, CancellationToken.None);
            await store.CompleteAsync(lease, lease.Generation, RunOutcome.Succeeded, CancellationToken.None);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return samples;
    }

    public static async Task<double[]> CoordinatorCycleAsync(ICoordinationStore store, int cycles)
    {
        var coordinator = new SyncCoordinator(store, new CoordinationOptions(), TimeProvider.System, NullLogger<SyncCoordinator>.Instance);
        var ws = "overhead-coordinator";
        var samples = new double[cycles];
        for (var i = -50; i < cycles; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await coordinator.RequestAsync(ws, CancellationToken.None);
            await coordinator.TryRunOnceAsync(ws, (_, _) => Task.FromResult(RunOutcome.Succeeded), CancellationToken.None);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return samples;
    }

    public static async Task<(double Seconds, long Runs)> ThroughputAsync(
        Func<Task<ICoordinationStore>> open, int workers, int workspaces, TimeSpan jobTime)
    {
        var seed = await open();
        for (var i = 0; i < workspaces; i++)
        {
            await seed.RequestAsync(string.Create(CultureInfo.InvariantCulture, $"ws-{i:D5}"), CancellationToken.None);
        }

        var loops = new List<WorkerLoop>();
        var stores = new List<ICoordinationStore> { seed };
        for (var i = 0; i < workers; i++)
        {
            // One store (connection pool) per worker, as separate worker processes would have.
            var store = await open();
            stores.Add(store);
            var coordinator = new SyncCoordinator(store, new CoordinationOptions(), TimeProvider.System, NullLogger<SyncCoordinator>.Instance);
            loops.Add(new WorkerLoop(store, coordinator, new WorkerOptions(), TimeProvider.System, NullLogger<WorkerLoop>.Instance));
        }

        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(loops.Select(loop => Task.Run(() => loop.DrainAsync(async (_, ct) =>
        {
            if (jobTime > TimeSpan.Zero)
            {
                await Task.Delay(jobTime, ct);
            }

            return RunOutcome.Succeeded;
        }, CancellationToken.None))));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        foreach (var store in stores.OfType<IAsyncDisposable>())
        {
            await store.DisposeAsync();
        }

        return (seconds, loops.Sum(l => l.Runs));
    }

    public static string Row(string backend, string cycle, double[] samples)
    {
        Array.Sort(samples);
        double At(double p) => samples[Math.Min(samples.Length - 1, (int)(p * samples.Length))];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {backend} | {cycle} | {samples.Average():F2} | {At(0.50):F2} | {At(0.95):F2} | {At(0.99):F2} |");
    }

    public static string ThroughputRow(string backend, int workers, int jobMs, int workspaces, double seconds, long runs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {backend} | {workers} | {(jobMs == 0 ? "no-op" : $"{jobMs} ms wait")} | {workspaces} ({runs} runs) | {seconds:F2} | {runs / seconds:F0} |");
}

using System.Collections.Concurrent;
using System.Globalization;
using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;

namespace BrainRepo.Storage.Tests.Coordination;

public abstract partial class CoordinationStoreContract
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task WorkerProcessKilledMidJob_IsReclaimedAtOnceBecauseItsProcessIsDead_AndPendingRequestsAreServed()
    {
        // A lease of five minutes: within the test's patience it cannot expire, so only the dead-process
        // reclaim (the victim runs on this host, its PID is gone) can let the new worker in.
        var longLease = TimeSpan.FromMinutes(5);
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("kill");
        var hold = Temp.File("hold");
        await File.WriteAllTextAsync(hold, "");
        await store.RequestAsync(ws, CancellationToken.None);
        using var victim = WorkerProcess.Start(Temp.File("victim.journal"), WorkerArguments(
            ("ttl-ms", ((long)longLease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)), ("heartbeat-ms", "300"), ("poll-ms", "100"), ("hold-file", hold)));
        await victim.WaitForJournalAsync(l => l.StartsWith($"start {ws} ", StringComparison.Ordinal), Patience);
        await store.RequestAsync(ws, CancellationToken.None);
        await store.RequestAsync(ws, CancellationToken.None);

        victim.Kill();
        File.Delete(hold);
        var logger = new ListLogger<SyncCoordinator>();
        var coordinator = NewCoordinator(store, logger, ttl: longLease);
        var runs = new ConcurrentQueue<(string Workspace, long Generation)>();
        var worker = new WorkerLoop(store, coordinator, new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System, new ListLogger<WorkerLoop>());
        using var stop = new CancellationTokenSource();
        var serving = worker.RunAsync(RecordingJob(runs), stop.Token);

        await EventuallyAsync(
            async () => (await store.GetStateAsync(ws, CancellationToken.None))!.Served == 3,
            async () => $"{await store.GetStateAsync(ws, CancellationToken.None)}\n{victim.Describe()}");
        await stop.CancelAsync();
        await serving;

        Assert.Equal([(ws, 3L)], runs);
        var victimPid = victim.Pid.ToString(CultureInfo.InvariantCulture);
        var reclaimed = Assert.Single(logger.Lines, l => l.Contains("Recovered workspace", StringComparison.Ordinal));
        Assert.StartsWith("Warning 5004 ", reclaimed, StringComparison.Ordinal); // the dead-process reclaim, not lease expiry (5003)
        Assert.Contains($"its process {victimPid} is dead", reclaimed, StringComparison.Ordinal);
        Assert.Contains($"|{victimPid}|", reclaimed, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task TwoWorkerProcesses_OneKilledMidJob_TheOtherTakesOverAfterTheLeaseExpires()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("two");
        var hold = Temp.File("hold");
        await File.WriteAllTextAsync(hold, "");
        await store.RequestAsync(ws, CancellationToken.None);
        // Different host names: the survivor cannot see the victim's PID, so recovery goes through lease expiry.
        using var a = WorkerProcess.Start(Temp.File("a.journal"), WorkerArguments(
            ("host", "host-a"), ("ttl-ms", "1500"), ("heartbeat-ms", "300"), ("poll-ms", "100"), ("hold-file", hold)));
        using var b = WorkerProcess.Start(Temp.File("b.journal"), WorkerArguments(
            ("host", "host-b"), ("ttl-ms", "1500"), ("heartbeat-ms", "300"), ("poll-ms", "100"), ("hold-file", hold)));
        await EventuallyAsync(
            () => Task.FromResult(a.Journal().Concat(b.Journal()).Any(l => l.StartsWith($"start {ws} ", StringComparison.Ordinal))),
            () => Task.FromResult(a.Describe() + b.Describe()));
        var (victim, survivor) = a.Journal().Any(l => l.StartsWith($"start {ws} ", StringComparison.Ordinal)) ? (a, b) : (b, a);
        await store.RequestAsync(ws, CancellationToken.None);

        victim.Kill();
        File.Delete(hold);

        await EventuallyAsync(
            async () => (await store.GetStateAsync(ws, CancellationToken.None))!.Served == 2,
            async () => $"{await store.GetStateAsync(ws, CancellationToken.None)}\n{survivor.Describe()}");
        Assert.Contains(survivor.Journal(), l => l.StartsWith($"end {ws} 2 {survivor.Pid}", StringComparison.Ordinal));
        Assert.DoesNotContain(victim.Journal(), l => l.StartsWith($"end {ws}", StringComparison.Ordinal));
        await EventuallyAsync(
            () => Task.FromResult(survivor.Output.Contains("Recovered workspace", StringComparison.Ordinal)),
            () => Task.FromResult(survivor.Describe()));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunnerStoppedPastItsTtl_ThenContinued_DoesNotPushNorRecordAnOutcome()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("sigstop");
        var go = Temp.File("go");
        await store.RequestAsync(ws, CancellationToken.None);
        using var paused = WorkerProcess.Start(Temp.File("paused.journal"), WorkerArguments(
            ("mode", "once"), ("workspace", ws), ("host", "host-paused"), ("ttl-ms", "1000"), ("heartbeat-ms", "250"), ("go-file", go)));
        await paused.WaitForJournalAsync(l => l.StartsWith($"start {ws} 1 1 ", StringComparison.Ordinal), Patience);

        paused.Pause();
        await EventuallyAsync(
            async () => !(await store.GetStateAsync(ws, CancellationToken.None))!.IsLeased,
            async () => $"{await store.GetStateAsync(ws, CancellationToken.None)}");
        var logger = new ListLogger<SyncCoordinator>();
        var other = NewCoordinator(store, logger, host: "host-other");
        await other.RequestAsync(ws, CancellationToken.None);
        var takeover = await other.TryRunOnceAsync(ws, RecordingJob(new()), CancellationToken.None);
        await File.WriteAllTextAsync(go, "");
        paused.Resume();
        await paused.WaitForExitAsync(Patience);

        Assert.Equal((RunAttemptStatus.Succeeded, 2L), (takeover.Status, takeover.Generation));
        Assert.Contains(logger.Lines, l => l.Contains("5003", StringComparison.Ordinal) && l.Contains("host-paused", StringComparison.Ordinal));
        var journal = paused.Journal();
        Assert.Contains($"fenced {ws} 1", journal);
        Assert.DoesNotContain(journal, l => l.StartsWith("pushed", StringComparison.Ordinal));
        Assert.Contains("result LeaseLost", journal);
        var state = await store.GetStateAsync(ws, CancellationToken.None);
        Assert.Equal((2L, 2L, "succeeded", false), (state!.Served, state.FencingToken, state.LastOutcome, state.IsLeased));
    }
}

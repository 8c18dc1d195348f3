using System.Collections.Concurrent;
using System.Diagnostics;
using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BrainRepo.Storage.Tests.Coordination;

public abstract partial class CoordinationStoreContract
{
    [Fact]
    public async Task Burst_Of100ConcurrentRequestsDuringARun_GivesExactlyOneTrailingRun()
    {
        var store = await OpenStoreAsync();
        var requester = await OpenStoreAsync();
        var coordinator = NewCoordinator(store);
        var ws = NewWorkspace("burst");
        var generations = new ConcurrentQueue<long>();
        await coordinator.RequestAsync(ws, CancellationToken.None);

        var attempt = await coordinator.RunUntilIdleAsync(ws, async (run, ct) =>
        {
            generations.Enqueue(run.Generation);
            if (generations.Count == 1)
            {
                await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => requester.RequestAsync(ws, ct), ct)));
            }

            return RunOutcome.Succeeded;
        }, CancellationToken.None);

        Assert.Equal([1L, 101L], generations);
        Assert.Equal((RunAttemptStatus.Succeeded, 2), (attempt.Status, attempt.Runs));
        var state = await store.GetStateAsync(ws, CancellationToken.None);
        Assert.Equal((101L, 101L, 101L), (state!.Requested, state.Started, state.Served));
        Assert.Equal(RunAttemptStatus.NothingToDo, (await coordinator.TryRunOnceAsync(ws, RecordingJob(new()), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Request_WhileAnotherOwnerRuns_IsBusyAndServedByThatOwnersTrailingRun()
    {
        var store = await OpenStoreAsync();
        var runner = NewCoordinator(store);
        var cron = NewCoordinator(await OpenStoreAsync());
        var ws = NewWorkspace("cron");
        var generations = new ConcurrentQueue<long>();
        await runner.RequestAsync(ws, CancellationToken.None);

        await runner.RunUntilIdleAsync(ws, async (run, ct) =>
        {
            generations.Enqueue(run.Generation);
            if (generations.Count == 1)
            {
                await cron.RequestAsync(ws, ct);
                Assert.Equal(RunAttemptStatus.Busy, (await cron.TryRunOnceAsync(ws, RecordingJob(new()), ct)).Status);
            }

            return RunOutcome.Succeeded;
        }, CancellationToken.None);

        Assert.Equal([1L, 2L], generations);
    }

    [Fact]
    public async Task RequestAndWait_WhileAnotherOwnerRuns_ReturnsOnceItsRequestIsServed()
    {
        var store = await OpenStoreAsync();
        var runner = NewCoordinator(store);
        var waiter = NewCoordinator(await OpenStoreAsync());
        var ws = NewWorkspace("wait");
        var inFirstRun = new TaskCompletionSource();
        var releaseFirstRun = new TaskCompletionSource();
        var generations = new ConcurrentQueue<long>();
        await runner.RequestAsync(ws, CancellationToken.None);
        var running = runner.RunUntilIdleAsync(ws, async (run, ct) =>
        {
            generations.Enqueue(run.Generation);
            if (run.Generation == 1)
            {
                inFirstRun.SetResult();
                await releaseFirstRun.Task.WaitAsync(ct);
            }

            return RunOutcome.Succeeded;
        }, CancellationToken.None);
        await inFirstRun.Task;

        var waiting = waiter.RequestAndWaitAsync(ws, RecordingJob(new()), TimeSpan.FromMilliseconds(20), CancellationToken.None);
        await EventuallyAsync(async () => (await store.GetStateAsync(ws, CancellationToken.None))!.Requested == 2, () => Task.FromResult("no request"));
        Assert.False(waiting.IsCompleted);
        releaseFirstRun.SetResult();
        var waited = await waiting;
        await running;

        Assert.Contains(waited.Status, new[] { RunAttemptStatus.ServedByAnotherOwner, RunAttemptStatus.Succeeded });
        Assert.Equal(2, (await store.GetStateAsync(ws, CancellationToken.None))!.Served);
    }

    [Fact]
    public async Task Cancel_DuringTheWalk_StopsAtTheNextCheck_AndLeavesNoSnapshot()
    {
        var store = await OpenStoreAsync();
        var time = new FakeTimeProvider();
        var coordinator = NewCoordinator(store, heartbeat: TimeSpan.FromSeconds(1), time: time);
        var ws = NewWorkspace("cancelwalk");
        await coordinator.RequestAsync(ws, CancellationToken.None);
        var walking = new TaskCompletionSource();
        var snapshotWritten = false;

        var running = coordinator.TryRunOnceAsync(ws, async (run, ct) =>
        {
            walking.TrySetResult();
            for (var batch = 0; batch < 1_000_000; batch++)
            {
                ct.ThrowIfCancellationRequested();
                await Task.Delay(5, ct);
            }

            snapshotWritten = true;
            return RunOutcome.Succeeded;
        }, CancellationToken.None);
        await walking.Task;
        Assert.True(await coordinator.RequestCancelAsync(ws, CancellationToken.None));
        while (!running.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, CancellationToken.None);
        }

        var attempt = await running;
        Assert.Equal(RunAttemptStatus.Cancelled, attempt.Status);
        Assert.False(snapshotWritten);
        var state = await store.GetStateAsync(ws, CancellationToken.None);
        Assert.Equal(("cancelled", 1L, false), (state!.LastOutcome, state.Served, state.IsLeased));
    }

    [Fact]
    public async Task Cancel_DuringThePush_WaitsForThePushToFinish()
    {
        var store = await OpenStoreAsync();
        var time = new FakeTimeProvider();
        var coordinator = NewCoordinator(store, heartbeat: TimeSpan.FromSeconds(1), time: time);
        var ws = NewWorkspace("cancelpush");
        await coordinator.RequestAsync(ws, CancellationToken.None);
        var pushing = new TaskCompletionSource<CoordinatedRun>();
        var finishPush = new TaskCompletionSource();
        var pushCompleted = false;

        var running = coordinator.TryRunOnceAsync(ws, async (run, ct) =>
        {
            await run.PushAsync(async pushToken =>
            {
                pushing.TrySetResult(run);
                await finishPush.Task.WaitAsync(pushToken);
                pushCompleted = true;
                return true;
            }, run.ShutdownToken);
            return RunOutcome.Succeeded;
        }, CancellationToken.None);
        var run = await pushing.Task;
        Assert.True(await coordinator.RequestCancelAsync(ws, CancellationToken.None));
        while (!run.IsCancelRequested)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, CancellationToken.None);
        }

        Assert.Equal("cancelling (waiting for the push to finish)", run.StatusText);
        Assert.False(running.IsCompleted);
        finishPush.SetResult();

        Assert.Equal(RunAttemptStatus.Succeeded, (await running).Status);
        Assert.True(pushCompleted);
    }

    [Fact]
    public async Task Job_ThatThrows_IsRecordedAsFailed_AndItsGenerationIsRetried()
    {
        var store = await OpenStoreAsync();
        var coordinator = NewCoordinator(store);
        var ws = NewWorkspace("throw");
        await coordinator.RequestAsync(ws, CancellationToken.None);

        var failed = await coordinator.TryRunOnceAsync(ws, (_, _) => throw new IOException("disk full"), CancellationToken.None);
        var retried = await coordinator.TryRunOnceAsync(ws, RecordingJob(new()), CancellationToken.None);

        Assert.Equal(RunAttemptStatus.Failed, failed.Status);
        Assert.IsType<IOException>(failed.Error);
        Assert.Equal((RunAttemptStatus.Succeeded, 1L), (retried.Status, retried.Generation));
    }

    [Fact]
    public async Task DeadOwnerPidOnThisHost_IsReclaimedAtOnce_AndTheRecoveryIsLogged()
    {
        var store = await OpenStoreAsync();
        var logger = new ListLogger<SyncCoordinator>();
        var coordinator = NewCoordinator(store, logger);
        var ws = NewWorkspace("deadpid");
        var deadPid = await DeadPidAsync();
        var dead = new OwnerIdentity(coordinator.Owner.Host, deadPid, 12345, "dead");
        await store.RequestAsync(ws, CancellationToken.None);
        Assert.Equal(AcquireStatus.Acquired,
            (await store.TryAcquireAsync(ws, dead, TimeSpan.FromMinutes(10), null, CancellationToken.None)).Status);

        var attempt = await coordinator.TryRunOnceAsync(ws, RecordingJob(new()), CancellationToken.None);

        Assert.Equal(RunAttemptStatus.Succeeded, attempt.Status);
        Assert.Contains(logger.Lines, l => l.Contains("5004", StringComparison.Ordinal) && l.Contains(dead.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReusedPid_WithAnotherStartTime_IsReclaimed_ButALiveOwnerIsNot()
    {
        var store = await OpenStoreAsync();
        var coordinator = NewCoordinator(store);
        using var sleeper = Process.Start("sleep", "300");
        var start = LocalProcessProbe.Instance.GetStartTime(sleeper.Id)!.Value;
        var live = new OwnerIdentity(coordinator.Owner.Host, sleeper.Id, start, "live");
        var reused = new OwnerIdentity(coordinator.Owner.Host, sleeper.Id, start + 1, "reused");
        var liveWs = NewWorkspace("live");
        var reusedWs = NewWorkspace("reused");
        await store.TryAcquireAsync(liveWs, live, TimeSpan.FromMinutes(10), null, CancellationToken.None);
        await store.TryAcquireAsync(reusedWs, reused, TimeSpan.FromMinutes(10), null, CancellationToken.None);

        try
        {
            Assert.Equal(AcquireStatus.Busy, (await coordinator.TryAcquireAsync(liveWs, CancellationToken.None)).Status);
            Assert.Equal(AcquireStatus.Acquired, (await coordinator.TryAcquireAsync(reusedWs, CancellationToken.None)).Status);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public async Task WorkerLoops_ServeManyWorkspaces_EachUpToItsLastRequest()
    {
        var store = await OpenStoreAsync();
        var workspaces = Enumerable.Range(0, 40).Select(i => NewWorkspace($"many{i}")).ToArray();
        foreach (var ws in workspaces)
        {
            await store.RequestAsync(ws, CancellationToken.None);
        }

        var runs = new ConcurrentQueue<(string Workspace, long Generation)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 2).Select(async _ =>
        {
            var workerStore = await OpenStoreAsync();
            var coordinator = NewCoordinator(workerStore);
            var loop = new WorkerLoop(workerStore, coordinator, new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMilliseconds(50) },
                TimeProvider.System, new ListLogger<WorkerLoop>());
            await loop.RunAsync(RecordingJob(runs), stop.Token);
        }).ToArray();

        await EventuallyAsync(
            async () => (await Task.WhenAll(workspaces.Select(ws => store.GetStateAsync(ws, CancellationToken.None)))).All(s => !s!.IsPending),
            () => Task.FromResult($"{runs.Count} runs"));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(workspaces.Order(StringComparer.Ordinal), runs.Select(r => r.Workspace).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EnsureStillOwner_AfterAnotherOwnerTookOver_Throws()
    {
        var store = await OpenStoreAsync();
        var coordinator = NewCoordinator(store, ttl: TimeSpan.FromSeconds(10));
        var ws = NewWorkspace("ensure");
        await coordinator.RequestAsync(ws, CancellationToken.None);
        var lease = (await coordinator.TryAcquireAsync(ws, CancellationToken.None)).Lease!;
        await coordinator.EnsureStillOwnerAsync(lease, CancellationToken.None);

        SetClockOffset(store, TimeSpan.FromSeconds(12));
        await store.TryAcquireAsync(ws, Owner("thief"), TimeSpan.FromSeconds(10), null, CancellationToken.None);

        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => coordinator.EnsureStillOwnerAsync(lease, CancellationToken.None));
        Assert.Equal((ws, lease.FencingToken, true), (lost.Workspace, lost.FencingToken, lost.IsTransient));
    }

    [Fact]
    public async Task WorkerDrain_StopsAfterAFailedRun_AndTheFailedWorkspaceStaysPending()
    {
        var store = await OpenStoreAsync();
        var coordinator = NewCoordinator(store);
        var ws = NewWorkspace("drainfail");
        await store.RequestAsync(ws, CancellationToken.None);
        var worker = new WorkerLoop(store, coordinator, new WorkerOptions(), TimeProvider.System, new ListLogger<WorkerLoop>());

        var runs = await worker.DrainAsync((_, _) => Task.FromResult(RunOutcome.Failed), CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.True((await store.GetStateAsync(ws, CancellationToken.None))!.IsPending);
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}

using BrainRepo.Core.Coordination;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The sync use case, whoever asks: a request goes through the coordinator (one runner per workspace, an
/// exactly-once trailing run for requests made during a run, fencing), then, under the lease: the workspace's file
/// lock → stale git locks cleaned → the snapshot engine → the run recorded → packs consolidated → the snapshot
/// recorded as pending → the push when due, verified. The commit id travels from the engine to the run record, the
/// push state and the push in this one place.
/// </summary>
public sealed partial class SyncPipeline(OperationServices services)
{
    /// <summary>
    /// <c>brainrepo sync</c>: registers a request and runs it here until no request is pending (the trailing run
    /// included). When another run holds the workspace the request stays registered and that run serves it; with
    /// <see cref="SyncRequest.Wait"/> this waits until it has (taking over if that owner dies).
    /// </summary>
    public async Task<SyncOutcome> RunAsync(WorkspaceConfig config, SyncRequest request, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = WorkspaceRegistry.IdFor(config.WorkspaceRoot);
        SnapshotRun? last = null;
        async Task<RunOutcome> Job(CoordinatedRun run, CancellationToken token)
        {
            last = await RunLeasedAsync(run, config, request, events, token).ConfigureAwait(false);
            return RunOutcome.Succeeded;
        }

        RunAttempt attempt;
        try
        {
            if (request.Wait)
            {
                attempt = await services.Coordinator.RequestAndWaitAsync(key, Job, services.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await services.Coordinator.RequestAsync(key, cancellationToken).ConfigureAwait(false);
                attempt = await services.Coordinator.RunUntilIdleAsync(key, Job, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (last is not null)
        {
            // Cancelled after a snapshot was committed (for example during its push, which ran to its end):
            // that snapshot stands; only the trailing run, if any, did not happen.
            attempt = new RunAttempt(key, RunAttemptStatus.Succeeded, 0, 1);
        }

        return new SyncOutcome(attempt) { Snapshot = last?.Snapshot, Push = last?.Push };
    }

    /// <summary>Serves the sync requests that are pending (for example, made while a push held the workspace).</summary>
    public async Task<SyncOutcome> ServePendingAsync(WorkspaceConfig config, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        SnapshotRun? last = null;
        var attempt = await services.Coordinator.RunUntilIdleAsync(
            WorkspaceRegistry.IdFor(config.WorkspaceRoot),
            async (run, token) =>
            {
                last = await RunLeasedAsync(run, config, SyncRequest.Default, events, token).ConfigureAwait(false);
                return RunOutcome.Succeeded;
            },
            cancellationToken).ConfigureAwait(false);
        return new SyncOutcome(attempt) { Snapshot = last?.Snapshot, Push = last?.Push };
    }

    /// <summary>
    /// One run under a lease the caller holds (the worker's, or one of <see cref="RunAsync"/>): the snapshot, then
    /// the push when due. A failed push is part of the result, never an exception.
    /// </summary>
    public async Task<SnapshotRun> RunLeasedAsync(CoordinatedRun run, WorkspaceConfig config, SyncRequest request, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        SyncResult result;
        using (await ExclusiveRun.LockAsync(config, services.Time, events, cancellationToken).ConfigureAwait(false))
        {
            if (request.RecreateRepository)
            {
                OpenRepository(config, create: true, cancellationToken).Dispose();
            }

            result = await SnapshotUnderLockAsync(run, config, new SyncOptions { AllowMassDelete = request.AllowMassDelete }, events, cancellationToken).ConfigureAwait(false);
        }

        // The push runs inside the lease (fencing checked right before it); a cancel never interrupts a push that has started.
        var push = await new PushPipeline(services).AfterSnapshotAsync(run, config, result.CommitId, request.Push, events, cancellationToken).ConfigureAwait(false);
        return new SnapshotRun(result, push);
    }
}

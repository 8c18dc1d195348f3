using System.Runtime.ExceptionServices;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// Runs an operation that needs a workspace to itself (push, tags, forget, milestone, restore) through the
/// coordinator: under the workspace's lease, never beside a sync. An operation that takes no snapshot itself serves
/// afterwards any sync request that arrived while it held the lease, so that no request waits for a run that
/// never comes.
/// </summary>
internal sealed class ExclusiveRun(OperationServices services)
{
    /// <summary>How long the per-workspace file lock is waited for once the lease is held (a second, host-local guard).</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public async Task<RunAttempt> RunAsync(
        WorkspaceConfig config,
        Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job,
        bool servesRequests,
        TimeSpan wait,
        IProgress<OperationEvent>? events,
        CancellationToken cancellationToken)
    {
        var key = WorkspaceRegistry.IdFor(config.WorkspaceRoot);
        var attempt = await services.Coordinator.RunExclusiveAsync(
            key, job, servesRequests, wait, services.PollInterval, () => events?.Report(new WaitingForWorkspace()), cancellationToken).ConfigureAwait(false);
        if (!servesRequests && attempt.Status is RunAttemptStatus.Succeeded or RunAttemptStatus.Failed
            && await services.Coordinator.HasPendingRequestAsync(key, cancellationToken).ConfigureAwait(false))
        {
            await new SyncPipeline(services).ServePendingAsync(config, events, cancellationToken).ConfigureAwait(false);
        }

        return attempt;
    }

    /// <summary>The per-workspace file lock (flock): released by the kernel if the process dies.</summary>
    public static Task<WorkspaceLock> LockAsync(WorkspaceConfig config, TimeProvider time, IProgress<OperationEvent>? events, CancellationToken cancellationToken) =>
        WorkspaceLock.AcquireAsync(config.StateDirectory, LockTimeout, time, () => events?.Report(new WaitingForWorkspace()), cancellationToken);

    /// <summary>The error for an operation whose job did not produce its outcome: rethrows the job's own error.</summary>
    public static Exception NotRun(RunAttempt attempt, string operation)
    {
        if (attempt.Error is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        return attempt.Status switch
        {
            RunAttemptStatus.Busy => new WorkspaceBusyException(
                $"Another run of this workspace holds it: the {operation} did not start and nothing was changed. Fix: wait for it (brainrepo status) and run the {operation} again."),
            RunAttemptStatus.LeaseLost => new BrainRepoException(
                ErrorCodes.LeaseLost, $"The {operation} lost the workspace's lease (paused past its TTL?) and stopped before changing anything more; run it again.", isTransient: true),
            RunAttemptStatus.Cancelled => new OperationCanceledException($"The {operation} was cancelled."),
            _ => new BrainRepoException(ErrorCodes.Busy, $"The {operation} ended without a result ({attempt.Status}); run it again.", isTransient: true),
        };
    }
}

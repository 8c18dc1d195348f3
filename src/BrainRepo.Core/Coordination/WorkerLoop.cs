using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// Serves many workspaces fairly: each slot repeatedly acquires the workspace with the oldest pending request
/// (a workspace with a trailing run goes to the back of the queue), runs one run, and repeats; an idle slot
/// reclaims leases of dead owners on this host, then waits <see cref="WorkerOptions.PollInterval"/>.
/// </summary>
public sealed class WorkerLoop
{
    private readonly ICoordinationStore _store;
    private readonly SyncCoordinator _coordinator;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _runs;

    /// <summary>Creates a worker over a coordinator (whose owner identity the worker uses).</summary>
    public WorkerLoop(
        ICoordinationStore store,
        SyncCoordinator coordinator,
        WorkerOptions options,
        TimeProvider timeProvider,
        ILogger<WorkerLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _coordinator = coordinator;
        _options = options.Validate();
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>How many runs this worker has run.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        CoordinationLog.WorkerStarted(_logger, _coordinator.Owner.ToString(), _options.Concurrency);
        var slots = new Task[_options.Concurrency];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = SlotAsync(job, cancellationToken);
        }

        try
        {
            await Task.WhenAll(slots).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        CoordinationLog.WorkerStopped(_logger, _coordinator.Owner.ToString());
    }

    /// <summary>Serves due workspaces until none is left or a run fails; returns how many runs ran.</summary>
    public async Task<int> DrainAsync(Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var runs = 0;
        while (true)
        {
            var attempt = await RunNextAsync(job, cancellationToken).ConfigureAwait(false);
            if (attempt is null)
            {
                var reclaimed = await ReclaimDeadLocalOwnersAsync(job, cancellationToken).ConfigureAwait(false);
                if (reclaimed == 0)
                {
                    return runs;
                }

                runs += reclaimed;
                continue;
            }

            runs++;
            if (attempt.Status == RunAttemptStatus.Failed)
            {
                return runs;
            }
        }
    }

    /// <summary>Acquires and runs the oldest due workspace; null when none is due.</summary>
    public async Task<RunAttempt?> RunNextAsync(Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        var acquired = await _store.TryAcquireNextDueAsync(
            _coordinator.Owner, _coordinator.Options.LeaseTtl, cancellationToken).ConfigureAwait(false);
        if (acquired?.Lease is not { } lease)
        {
            return null;
        }

        _coordinator.LogAcquire(lease.Workspace, acquired);
        var attempt = await _coordinator.RunAcquiredAsync(lease.Workspace, acquired, job, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _runs);
        return attempt;
    }

    private async Task<int> ReclaimDeadLocalOwnersAsync(
        Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        var due = await _store.ListDueAsync(_coordinator.Owner.Host, 16, cancellationToken).ConfigureAwait(false);
        var runs = 0;
        foreach (var workspace in due)
        {
            if (workspace.Owner is null || workspace.LeaseExpired || !_coordinator.IsDeadLocalOwner(workspace.Owner))
            {
                continue;
            }

            var attempt = await _coordinator.TryRunOnceAsync(workspace.Workspace, job, cancellationToken).ConfigureAwait(false);
            if (attempt.Runs > 0)
            {
                Interlocked.Increment(ref _runs);
                runs++;
            }
        }

        return runs;
    }

    private async Task SlotAsync(Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                // A failed run goes to the back of the queue; pausing after it keeps a failing workspace from
                // spinning when it is the only one due.
                var attempt = await RunNextAsync(job, cancellationToken).ConfigureAwait(false);
                worked = attempt is not null
                    ? attempt.Status != RunAttemptStatus.Failed
                    : await ReclaimDeadLocalOwnersAsync(job, cancellationToken).ConfigureAwait(false) > 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                CoordinationLog.WorkerPollFailed(_logger, ex);
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// Runs jobs for workspaces under leases with fencing: acquires (reclaiming a dead or expired owner), runs the
/// job with a background heartbeat, cancels the job's token when the lease is lost or a cancel is requested,
/// records the outcome guarded by the fencing token, and runs the single trailing run that requests made during
/// a run call for.
/// </summary>
public sealed partial class SyncCoordinator
{
    private readonly ICoordinationStore _store;
    private readonly CoordinationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IProcessProbe _probe;

    /// <summary>Creates a coordinator with its own owner identity.</summary>
    public SyncCoordinator(
        ICoordinationStore store,
        CoordinationOptions options,
        TimeProvider timeProvider,
        ILogger<SyncCoordinator> logger,
        IProcessProbe? processProbe = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _options = options.Validate();
        _time = timeProvider;
        _logger = logger;
        _probe = processProbe ?? LocalProcessProbe.Instance;
        Owner = OwnerIdentity.ForCurrentProcess(_probe, options.HostName);
    }

    /// <summary>This coordinator's owner identity.</summary>
    public OwnerIdentity Owner { get; }

    /// <summary>The settings in effect.</summary>
    public CoordinationOptions Options => _options;

    /// <summary>Registers a request; returns its generation.</summary>
    public async Task<long> RequestAsync(string workspace, CancellationToken cancellationToken)
    {
        var generation = await _store.RequestAsync(workspace, cancellationToken).ConfigureAwait(false);
        CoordinationLog.RequestRegistered(_logger, workspace, generation);
        return generation;
    }

    /// <summary>Asks the current run to stop at its next check; returns whether a run was active.</summary>
    public Task<bool> RequestCancelAsync(string workspace, CancellationToken cancellationToken) =>
        _store.RequestCancelAsync(workspace, cancellationToken);

    /// <summary>
    /// Acquires the workspace's lease. When the holder is an owner on this host whose process is dead (or whose
    /// PID now belongs to another process), takes over at once instead of waiting for the lease to expire.
    /// </summary>
    public async Task<AcquireResult> TryAcquireAsync(string workspace, CancellationToken cancellationToken)
    {
        var result = await _store.TryAcquireAsync(workspace, Owner, _options.LeaseTtl, null, cancellationToken).ConfigureAwait(false);
        if (result.Status == AcquireStatus.Busy && result.Holder is { } holder && IsDeadLocalOwner(holder.Owner, out var pid))
        {
            result = await _store.TryAcquireAsync(workspace, Owner, _options.LeaseTtl, holder, cancellationToken).ConfigureAwait(false);
            if (result.Status == AcquireStatus.Acquired)
            {
                CoordinationLog.DeadOwnerReclaimed(_logger, workspace, holder.Owner, pid, holder.FencingToken);
                result = result with { ReclaimedFrom = null };
            }
        }

        LogAcquire(workspace, result);
        return result;
    }

    /// <summary>
    /// Acquires and runs one run if a request is pending; does not run the trailing run (see
    /// <see cref="RunUntilIdleAsync"/>).
    /// </summary>
    public async Task<RunAttempt> TryRunOnceAsync(
        string workspace, Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        var acquired = await TryAcquireAsync(workspace, cancellationToken).ConfigureAwait(false);
        return await RunAcquiredAsync(workspace, acquired, job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs while requests are pending: the first run serves every request made before it started, and requests
    /// made during a run give exactly one trailing run. Returns the last attempt and the number of runs.
    /// </summary>
    public async Task<RunAttempt> RunUntilIdleAsync(
        string workspace, Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, CancellationToken cancellationToken)
    {
        var runs = 0;
        while (true)
        {
            var attempt = await TryRunOnceAsync(workspace, job, cancellationToken).ConfigureAwait(false);
            runs += attempt.Runs;
            if (attempt.Status is not RunAttemptStatus.Succeeded and not RunAttemptStatus.Cancelled)
            {
                return attempt with { Runs = runs };
            }

            var state = await _store.GetStateAsync(workspace, cancellationToken).ConfigureAwait(false);
            if (state is null || !state.IsPending)
            {
                return attempt with { Runs = runs };
            }
        }
    }

    /// <summary>
    /// <c>sync --wait</c>: registers a request, then runs it here (with trailing runs) or, while another owner holds
    /// the lease, waits until that owner's trailing run has served it — taking over if that owner dies.
    /// </summary>
    public async Task<RunAttempt> RequestAndWaitAsync(
        string workspace,
        Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        var generation = await RequestAsync(workspace, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var attempt = await RunUntilIdleAsync(workspace, job, cancellationToken).ConfigureAwait(false);
            var state = await _store.GetStateAsync(workspace, cancellationToken).ConfigureAwait(false);
            var served = state is not null && state.Served >= generation;
            if (attempt.Status != RunAttemptStatus.Busy && attempt.Status != RunAttemptStatus.NothingToDo)
            {
                return attempt;
            }

            if (served)
            {
                return new RunAttempt(workspace, RunAttemptStatus.ServedByAnotherOwner, state!.Served, attempt.Runs);
            }

            await Task.Delay(pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a job that needs the workspace to itself (a push, tags, a milestone, a restore) under the workspace's
    /// lease, with the same heartbeat and fencing as a sync. While another run holds the lease it waits, polling,
    /// for up to <paramref name="wait"/> (calling <paramref name="onBusy"/> once), then gives up with
    /// <see cref="RunAttemptStatus.Busy"/>: it never runs beside another run.
    /// </summary>
    /// <param name="workspace">The workspace key.</param>
    /// <param name="job">The job.</param>
    /// <param name="servesRequests">
    /// True when the job takes a snapshot itself: a request is registered first and completing the job serves every
    /// request made before it acquired. False: the lease is released without serving, so requests made meanwhile
    /// stay pending (see <see cref="HasPendingRequestAsync"/>).
    /// </param>
    /// <param name="wait">How long to wait for a busy workspace; zero refuses at once.</param>
    /// <param name="pollInterval">How often to try again while busy.</param>
    /// <param name="onBusy">Called once when the workspace is busy and the job waits.</param>
    /// <param name="cancellationToken">Cancels the wait and the job.</param>
    public async Task<RunAttempt> RunExclusiveAsync(
        string workspace,
        Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job,
        bool servesRequests,
        TimeSpan wait,
        TimeSpan pollInterval,
        Action? onBusy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (servesRequests)
        {
            await RequestAsync(workspace, cancellationToken).ConfigureAwait(false);
        }

        var started = _time.GetTimestamp();
        var told = false;
        while (true)
        {
            var acquired = await TryAcquireAsync(workspace, cancellationToken).ConfigureAwait(false);
            if (acquired.Lease is { } lease)
            {
                return await RunLeasedAsync(lease, job, servesRequests, cancellationToken).ConfigureAwait(false);
            }

            if (_time.GetElapsedTime(started) >= wait)
            {
                return new RunAttempt(workspace, RunAttemptStatus.Busy, 0, 0);
            }

            if (!told)
            {
                told = true;
                onBusy?.Invoke();
            }

            await Task.Delay(pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a request of <paramref name="workspace"/> is registered and not served yet.</summary>
    public async Task<bool> HasPendingRequestAsync(string workspace, CancellationToken cancellationToken) =>
        (await _store.GetStateAsync(workspace, cancellationToken).ConfigureAwait(false))?.IsPending == true;

    /// <summary>Runs the job under a lease obtained by <see cref="TryAcquireAsync"/> or a store's next-due acquire.</summary>
    public async Task<RunAttempt> RunAcquiredAsync(
        string workspace,
        AcquireResult acquired,
        Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acquired);
        ArgumentNullException.ThrowIfNull(job);
        if (acquired.Lease is not { } lease)
        {
            return new RunAttempt(workspace, RunAttemptStatus.Busy, 0, 0);
        }

        if (!acquired.HasPendingWork)
        {
            await _store.ReleaseAsync(lease, cancellationToken).ConfigureAwait(false);
            return new RunAttempt(workspace, RunAttemptStatus.NothingToDo, lease.Generation, 0);
        }

        return await RunLeasedAsync(lease, job, servesRequests: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renews <paramref name="lease"/> and throws <see cref="LeaseLostException"/> when it is no longer held. Call it
    /// right before a push when not inside <see cref="CoordinatedRun"/> (which has its own).
    /// </summary>
    public async Task EnsureStillOwnerAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!(await _store.RenewAsync(lease, cancellationToken).ConfigureAwait(false)).Held)
        {
            CoordinationLog.LeaseLost(_logger, lease.Workspace, lease.FencingToken);
            throw new LeaseLostException(lease.Workspace, lease.FencingToken);
        }
    }

    /// <summary>Whether <paramref name="owner"/> runs on this host and its process is provably gone.</summary>
    internal bool IsDeadLocalOwner(string owner) => IsDeadLocalOwner(owner, out _);

    private bool IsDeadLocalOwner(string owner, out int pid)
    {
        pid = 0;
        var identity = OwnerIdentity.TryParse(owner);
        if (identity is null || !string.Equals(identity.Host, Owner.Host, StringComparison.Ordinal))
        {
            return false;
        }

        pid = identity.Pid;
        if (identity.Pid == Owner.Pid)
        {
            // Another coordinator in this very process: it is alive as long as we are.
            return identity.ProcessStart != Owner.ProcessStart;
        }

        return !_probe.IsAlive(identity.Pid, identity.ProcessStart);
    }

    internal void LogAcquire(string workspace, AcquireResult result)
    {
        if (result.Lease is { } lease)
        {
            if (result.ReclaimedFrom is { } previous)
            {
                CoordinationLog.ExpiredLeaseReclaimed(_logger, workspace, previous.Owner, previous.FencingToken, previous.LeaseUntil);
            }

            CoordinationLog.Acquired(_logger, workspace, lease.Owner, lease.FencingToken, lease.Generation);
        }
        else if (result.Holder is { } holder)
        {
            CoordinationLog.Busy(_logger, workspace, holder.Owner, holder.FencingToken);
        }
    }
}

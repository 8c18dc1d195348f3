namespace BrainRepo.Core.Coordination;

/// <summary>
/// One run of a job under a lease. The job's <see cref="CancellationToken"/> is cancelled when a cancel is
/// requested or the lease is lost; check it between stages and batches. Wrap the push in
/// <see cref="PushAsync{T}"/>: it proves ownership right before the push and is never interrupted by a cancel.
/// </summary>
public sealed class CoordinatedRun
{
    private readonly ICoordinationStore _store;
    private readonly CancellationTokenSource _leaseLost;
    private readonly CancellationTokenSource _cancelRequested;
    private int _inPush;

    internal CoordinatedRun(
        ICoordinationStore store, Lease lease, CancellationTokenSource leaseLost, CancellationTokenSource cancelRequested, CancellationToken shutdownToken)
    {
        _store = store;
        ShutdownToken = shutdownToken;
        Lease = lease;
        _leaseLost = leaseLost;
        _cancelRequested = cancelRequested;
    }

    /// <summary>The lease this run holds.</summary>
    public Lease Lease { get; }

    /// <summary>The workspace.</summary>
    public string Workspace => Lease.Workspace;

    /// <summary>The request generation this run serves: it must see every change made before it started.</summary>
    public long Generation => Lease.Generation;

    /// <summary>The fencing token guarding this run's writes.</summary>
    public long FencingToken => Lease.FencingToken;

    /// <summary>
    /// The caller's token (process shutdown), without user cancel or lease loss: pass it to
    /// <see cref="PushAsync{T}"/> so that a cancel never interrupts an in-flight push.
    /// </summary>
    public CancellationToken ShutdownToken { get; }

    /// <summary>Cancelled only when the lease is lost (not on a user cancel).</summary>
    public CancellationToken LeaseLostToken => _leaseLost.Token;

    /// <summary>Whether a cancel was requested.</summary>
    public bool IsCancelRequested => _cancelRequested.IsCancellationRequested;

    /// <summary>Whether the lease was lost.</summary>
    public bool IsLeaseLost => _leaseLost.IsCancellationRequested;

    /// <summary>The live status.</summary>
    public CoordinatedRunStatus Status =>
        IsLeaseLost ? CoordinatedRunStatus.LeaseLost
        : !IsCancelRequested ? CoordinatedRunStatus.Running
        : Volatile.Read(ref _inPush) > 0 ? CoordinatedRunStatus.CancellingWaitingForPush
        : CoordinatedRunStatus.Cancelling;

    /// <summary>The status as a user reads it.</summary>
    public string StatusText => Status switch
    {
        CoordinatedRunStatus.Running => "running",
        CoordinatedRunStatus.Cancelling => "cancelling",
        CoordinatedRunStatus.CancellingWaitingForPush => "cancelling (waiting for the push to finish)",
        _ => "lease lost (stopping before push)",
    };

    /// <summary>
    /// Renews the lease (giving the caller a full TTL) and throws <see cref="LeaseLostException"/> when it is no
    /// longer ours. Call it right before a push.
    /// </summary>
    public async Task EnsureStillOwnerAsync(CancellationToken cancellationToken)
    {
        if (IsLeaseLost)
        {
            throw new LeaseLostException(Workspace, FencingToken);
        }

        LeaseStatus status;
        try
        {
            status = await _store.RenewAsync(Lease, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsLeaseLost)
        {
            // The heartbeat saw the loss first and cancelled the job's token under us.
            throw new LeaseLostException(Workspace, FencingToken);
        }

        if (!status.Held)
        {
            MarkLeaseLost();
            throw new LeaseLostException(Workspace, FencingToken);
        }

        if (status.CancelRequested)
        {
            MarkCancelRequested();
        }
    }

    /// <summary>
    /// Proves ownership, then runs <paramref name="push"/> with <paramref name="cancellationToken"/>. Pass
    /// <see cref="ShutdownToken"/> (not the job's token) so that a user cancel does not interrupt the push.
    /// </summary>
    public async Task<T> PushAsync<T>(Func<CancellationToken, Task<T>> push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        await EnsureStillOwnerAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _inPush);
        try
        {
            return await push(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inPush);
        }
    }

    internal void MarkLeaseLost() => TryCancel(_leaseLost);

    internal void MarkCancelRequested() => TryCancel(_cancelRequested);

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run is over.
        }
    }
}

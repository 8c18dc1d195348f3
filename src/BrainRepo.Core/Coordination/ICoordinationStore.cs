namespace BrainRepo.Core.Coordination;

/// <summary>
/// The state store behind coordination: one row per workspace with generation counters
/// (<c>requested</c>, <c>started</c>, <c>served</c>), a lease judged by the database clock, a fencing token
/// incremented on every acquire, and a cancel flag. Every method is atomic in the store.
/// </summary>
public interface ICoordinationStore
{
    /// <summary>Registers a request; returns the new <c>requested</c> generation.</summary>
    Task<long> RequestAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease when it is free or expired, or when it is still held by exactly
    /// <paramref name="takeOverFrom"/> (a holder proven dead). Sets <c>started = requested</c>, increments the
    /// fencing token and clears the cancel flag.
    /// </summary>
    Task<AcquireResult> TryAcquireAsync(
        string workspace, OwnerIdentity owner, TimeSpan ttl, LeaseHolder? takeOverFrom, CancellationToken cancellationToken);

    /// <summary>
    /// Acquires the workspace with the oldest pending request (<c>requested &gt; served</c>) whose lease is free or
    /// expired, skipping rows other workers are acquiring right now; null when there is none.
    /// </summary>
    Task<AcquireResult?> TryAcquireNextDueAsync(OwnerIdentity owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends an unexpired lease by its TTL, judged by the database clock; otherwise reports it lost.</summary>
    Task<LeaseStatus> RenewAsync(Lease lease, CancellationToken cancellationToken);

    /// <summary>True when the lease is unexpired and its fencing token is current. Writes nothing.</summary>
    Task<bool> IsStillOwnerAsync(Lease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcome and releases the lease, if the lease is still held (fencing token current, unexpired).
    /// <see cref="RunOutcome.Succeeded"/> and <see cref="RunOutcome.Cancelled"/> raise <c>served</c> to
    /// <paramref name="servedGeneration"/> (at most the generation the lease started).
    /// </summary>
    Task<CompleteResult> CompleteAsync(
        Lease lease, long servedGeneration, RunOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Drops the lease without recording an outcome, if the fencing token is current.</summary>
    Task<bool> ReleaseAsync(Lease lease, CancellationToken cancellationToken);

    /// <summary>Sets the cancel flag if a run holds the lease; returns whether one did.</summary>
    Task<bool> RequestCancelAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>Whether a cancel was requested for the current run.</summary>
    Task<bool> IsCancelRequestedAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>The workspace's row, or null if it was never requested nor acquired.</summary>
    Task<CoordinationState?> GetStateAsync(string workspace, CancellationToken cancellationToken);

    /// <summary>
    /// Workspaces with <c>requested &gt; served</c> whose lease is free or expired, or held by an owner on
    /// <paramref name="localHost"/> (so a worker can check whether that owner's PID is dead); oldest first.
    /// </summary>
    Task<IReadOnlyList<DueWorkspace>> ListDueAsync(string localHost, int limit, CancellationToken cancellationToken);
}

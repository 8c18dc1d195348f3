namespace BrainRepo.Core.Remote;

/// <summary>
/// What is known about pushing one backup repository to its remote. Immutable; the caller persists it
/// (for example in the state store) so that the pending count and the retry schedule survive restarts.
/// </summary>
public sealed record PushState
{
    /// <summary>The state of a repository that has never pushed.</summary>
    public static PushState Initial { get; } = new();

    /// <summary>The newest local snapshot commit.</summary>
    public string? LastSnapshotCommit { get; init; }

    /// <summary>When the newest local snapshot was recorded.</summary>
    public DateTimeOffset? LastSnapshotAt { get; init; }

    /// <summary>The commit that the remote branch was last verified to hold.</summary>
    public string? LastVerifiedCommit { get; init; }

    /// <summary>When the last push was verified with a read-back of the remote ref.</summary>
    public DateTimeOffset? LastVerifiedPushAt { get; init; }

    /// <summary>Snapshots recorded since the last verified push: they exist only locally.</summary>
    public int PendingSnapshots { get; init; }

    /// <summary>The last push error (already scrubbed of credentials), or null after a verified push.</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Push failures in a row since the last verified push; drives the backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>The earliest time for the next automatic push attempt, or null when none is scheduled.</summary>
    public DateTimeOffset? NextRetryAt { get; init; }

    /// <summary>True when some snapshots are not on the remote yet.</summary>
    public bool HasPending => PendingSnapshots > 0;

    /// <summary>Records a new local snapshot: it is pending until a push lands.</summary>
    public PushState WithSnapshot(string commit, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commit);
        if (string.Equals(commit, LastSnapshotCommit, StringComparison.Ordinal))
        {
            return this;
        }

        return this with { LastSnapshotCommit = commit, LastSnapshotAt = at, PendingSnapshots = PendingSnapshots + 1 };
    }

    /// <summary>Records a verified push of <paramref name="remoteCommit"/> (the remote ref was read back).</summary>
    /// <param name="remoteCommit">The commit the remote ref now holds (a merge commit after a divergence).</param>
    /// <param name="at">When the verification happened.</param>
    /// <param name="snapshotCommit">The snapshot that was pushed; when it is the newest, nothing is pending.</param>
    public PushState WithVerifiedPush(string remoteCommit, DateTimeOffset at, string? snapshotCommit = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteCommit);
        var pushed = snapshotCommit ?? remoteCommit;
        var allLanded = LastSnapshotCommit is null
            || string.Equals(pushed, LastSnapshotCommit, StringComparison.Ordinal)
            || string.Equals(remoteCommit, LastSnapshotCommit, StringComparison.Ordinal);
        return this with
        {
            LastVerifiedCommit = remoteCommit,
            LastVerifiedPushAt = at,
            PendingSnapshots = allLanded ? 0 : Math.Max(1, PendingSnapshots),
            LastError = null,
            LastErrorAt = null,
            ConsecutiveFailures = 0,
            NextRetryAt = allLanded ? null : at,
        };
    }

    /// <summary>Records a failed push and when to try again. The commits stay pending.</summary>
    public PushState WithFailedPush(string scrubbedError, DateTimeOffset at, DateTimeOffset nextRetryAt) =>
        this with
        {
            LastError = scrubbedError,
            LastErrorAt = at,
            ConsecutiveFailures = ConsecutiveFailures + 1,
            NextRetryAt = nextRetryAt,
        };

    /// <summary>True when a push should be attempted at <paramref name="now"/>.</summary>
    public bool IsPushDue(DateTimeOffset now) => HasPending && (NextRetryAt is null || NextRetryAt <= now);
}

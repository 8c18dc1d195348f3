namespace BrainRepo.Core.Remote;

/// <summary>
/// When failing pushes make a workspace unhealthy (<c>status</c> exits 4): a remote is set, snapshots are waiting
/// for it, the last attempt failed, and either <see cref="FailureThreshold"/> attempts in a row have failed or the
/// remote has been behind for <see cref="MaxBehind"/> (no verified push since then, or since the remote was set).
/// One failure of a remote that worked an hour ago is not yet a health problem: the next sync retries it.
/// </summary>
public static class PushHealth
{
    /// <summary>Failed attempts in a row that make the workspace unhealthy.</summary>
    public const int FailureThreshold = 3;

    /// <summary>How long the remote may stay behind, while its pushes fail, before the workspace is unhealthy.</summary>
    public static readonly TimeSpan MaxBehind = TimeSpan.FromHours(24);

    /// <summary>True when the pushes to <paramref name="remote"/> are failing past the threshold at <paramref name="now"/>.</summary>
    public static bool IsFailing(RemoteConfig? remote, PushState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (remote is null || !state.HasPending || state.LastError is null)
        {
            return false;
        }

        var behindSince = state.LastVerifiedPushAt ?? remote.ConfiguredAt;
        return state.ConsecutiveFailures >= FailureThreshold || now - behindSince >= MaxBehind;
    }
}

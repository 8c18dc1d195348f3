namespace BrainRepo.Core.Coordination;

/// <summary>
/// The result of <see cref="GitLockJanitor.RemoveStaleLocks"/>: the lock files removed as provably stale, and the
/// ones left alone because they may be live (the run should then report "busy").
/// </summary>
public sealed record GitLockScan(IReadOnlyList<string> Removed, IReadOnlyList<string> Held)
{
    /// <summary>A possibly live lock remains.</summary>
    public bool Busy => Held.Count > 0;
}

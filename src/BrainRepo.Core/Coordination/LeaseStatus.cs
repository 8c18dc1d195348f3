namespace BrainRepo.Core.Coordination;

/// <summary>The result of a renewal: whether the lease is still held, and whether a cancel was requested.</summary>
public sealed record LeaseStatus(bool Held, bool CancelRequested, DateTimeOffset? LeaseUntil)
{
    /// <summary>The lease is lost: expired, taken over, or released.</summary>
    public static LeaseStatus Lost { get; } = new(false, false, null);
}

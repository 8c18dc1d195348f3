namespace BrainRepo.Core.Coordination;

/// <summary>
/// The result of an acquire: the <see cref="Lease"/> when acquired (with <see cref="ReclaimedFrom"/> naming an
/// expired or dead previous owner that was taken over), or the current <see cref="Holder"/> when busy.
/// </summary>
public sealed record AcquireResult(AcquireStatus Status, Lease? Lease, LeaseHolder? Holder, LeaseHolder? ReclaimedFrom)
{
    /// <summary>Whether work is due: the run must serve a generation that was not served yet.</summary>
    public bool HasPendingWork { get; init; }

    /// <summary>A busy result.</summary>
    public static AcquireResult Busy(LeaseHolder holder) => new(AcquireStatus.Busy, null, holder, null);
}

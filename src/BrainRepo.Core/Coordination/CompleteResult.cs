namespace BrainRepo.Core.Coordination;

/// <summary>
/// The result of <see cref="ICoordinationStore.CompleteAsync"/>. <see cref="Recorded"/> is false when the fencing
/// token was stale (the lease was lost): nothing was written. <see cref="TrailingRunDue"/> is true when requests
/// arrived after the run started.
/// </summary>
public sealed record CompleteResult(bool Recorded, bool TrailingRunDue, long Requested, long Served)
{
    /// <summary>A stale fencing token: nothing recorded.</summary>
    public static CompleteResult Stale { get; } = new(false, false, 0, 0);
}

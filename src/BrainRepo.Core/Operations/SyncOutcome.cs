using BrainRepo.Core.Coordination;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Operations;

/// <summary>
/// What a sync request became: the coordinator's attempt (run here, queued behind another run, served by another
/// owner...), and, when a snapshot was taken here, the last one and its push.
/// </summary>
public sealed record SyncOutcome(RunAttempt Attempt)
{
    /// <summary>The last snapshot taken for this request by this process, if any.</summary>
    public SyncResult? Snapshot { get; init; }

    /// <summary>The push part of that snapshot's run.</summary>
    public PushOutcome? Push { get; init; }
}

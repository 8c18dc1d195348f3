namespace BrainRepo.Core.Coordination;

/// <summary>The live status of a <see cref="CoordinatedRun"/>.</summary>
public enum CoordinatedRunStatus
{
    /// <summary>Running.</summary>
    Running,

    /// <summary>A cancel was requested; the job stops at its next check.</summary>
    Cancelling,

    /// <summary>A cancel was requested during a push; the push is never interrupted.</summary>
    CancellingWaitingForPush,

    /// <summary>The lease was lost; the job must stop without pushing.</summary>
    LeaseLost,
}

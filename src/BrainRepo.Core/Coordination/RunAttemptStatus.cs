namespace BrainRepo.Core.Coordination;

/// <summary>What happened when a coordinator tried to run a workspace.</summary>
public enum RunAttemptStatus
{
    /// <summary>Another owner holds the lease; the request stays registered and that owner serves it.</summary>
    Busy,

    /// <summary>The lease was free but no request was pending.</summary>
    NothingToDo,

    /// <summary>The job served its generation.</summary>
    Succeeded,

    /// <summary>The job failed; the generation stays pending.</summary>
    Failed,

    /// <summary>The job was cancelled on request.</summary>
    Cancelled,

    /// <summary>The lease was lost during the run; no outcome was recorded.</summary>
    LeaseLost,

    /// <summary>Another owner's run served the request (see <see cref="SyncCoordinator.RequestAndWaitAsync"/>).</summary>
    ServedByAnotherOwner,
}

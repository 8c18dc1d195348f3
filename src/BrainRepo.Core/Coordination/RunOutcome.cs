namespace BrainRepo.Core.Coordination;

/// <summary>How a job ended, as recorded by <see cref="ICoordinationStore.CompleteAsync"/>.</summary>
public enum RunOutcome
{
    /// <summary>The job served its generation.</summary>
    Succeeded,

    /// <summary>The job failed; its generation stays pending and is retried.</summary>
    Failed,

    /// <summary>The job was cancelled on request; its generation counts as dealt with (not retried).</summary>
    Cancelled,
}

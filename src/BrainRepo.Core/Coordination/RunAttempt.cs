namespace BrainRepo.Core.Coordination;

/// <summary>The result of trying to run a workspace: the last run's status and generation, and how many runs ran.</summary>
public sealed record RunAttempt(string Workspace, RunAttemptStatus Status, long Generation, int Runs)
{
    /// <summary>The exception of a failed job, if any.</summary>
    public Exception? Error { get; init; }
}

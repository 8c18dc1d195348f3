using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Coordination;

/// <summary>Log messages of the coordination area (event IDs 5000-5099).</summary>
internal static partial class CoordinationLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Request registered for workspace {Workspace}: generation {Generation}")]
    public static partial void RequestRegistered(ILogger logger, string workspace, long generation);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Workspace {Workspace} is busy: owner {Owner} holds fencing token {FencingToken}")]
    public static partial void Busy(ILogger logger, string workspace, string owner, long fencingToken);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Acquired workspace {Workspace} as {Owner}: fencing token {FencingToken}, generation {Generation}")]
    public static partial void Acquired(ILogger logger, string workspace, string owner, long fencingToken, long generation);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Recovered workspace {Workspace}: reclaimed the expired lease of {PreviousOwner} (fencing token {PreviousFencingToken}, lease until {LeaseUntil:O})")]
    public static partial void ExpiredLeaseReclaimed(ILogger logger, string workspace, string previousOwner, long previousFencingToken, DateTimeOffset leaseUntil);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Recovered workspace {Workspace}: reclaimed the lease of {PreviousOwner} at once because its process {Pid} is dead (fencing token {PreviousFencingToken})")]
    public static partial void DeadOwnerReclaimed(ILogger logger, string workspace, string previousOwner, int pid, long previousFencingToken);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Run of workspace {Workspace} generation {Generation} ended: {Outcome}")]
    public static partial void RunEnded(ILogger logger, string workspace, long generation, RunAttemptStatus outcome);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Lost the lease on workspace {Workspace} (fencing token {FencingToken}); the run stops before pushing and records nothing")]
    public static partial void LeaseLost(ILogger logger, string workspace, long fencingToken);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Lease renewal for workspace {Workspace} failed; retrying until the TTL runs out")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string workspace);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Cancel requested for workspace {Workspace} (fencing token {FencingToken})")]
    public static partial void CancelObserved(ILogger logger, string workspace, long fencingToken);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "Job for workspace {Workspace} generation {Generation} failed")]
    public static partial void JobFailed(ILogger logger, Exception exception, string workspace, long generation);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Trailing run due for workspace {Workspace}: requested {Requested}, served {Served}")]
    public static partial void TrailingRunDue(ILogger logger, string workspace, long requested, long served);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Worker {Owner} started with concurrency {Concurrency}")]
    public static partial void WorkerStarted(ILogger logger, string owner, int concurrency);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Worker slot failed while looking for work; retrying after the poll interval")]
    public static partial void WorkerPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Information, Message = "Worker {Owner} stopped")]
    public static partial void WorkerStopped(ILogger logger, string owner);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "Removed stale git lock {Path}: {Reason} (age {Age})")]
    public static partial void GitLockRemoved(ILogger logger, string path, string reason, TimeSpan age);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Information, Message = "Left git lock {Path} alone: {Reason}")]
    public static partial void GitLockHeld(ILogger logger, string path, string reason);
}

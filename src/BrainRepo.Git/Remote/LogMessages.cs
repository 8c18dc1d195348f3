using Microsoft.Extensions.Logging;

namespace BrainRepo.Git.Remote;

/// <summary>Log messages of the git remote adapter (event ids 4100-4199). No token is ever a parameter.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Running git {Arguments}")]
    public static partial void RunningGit(ILogger logger, string arguments);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Pushing {Branch} at {Commit} and {TagCount} tag(s) to {Remote}")]
    public static partial void PushStarting(ILogger logger, string branch, string commit, int tagCount, string remote);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "The remote {Remote} moved ahead of {Branch}; fetching and merging (attempt {Attempt})")]
    public static partial void RemoteDiverged(ILogger logger, string remote, string branch, int attempt);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Created merge commit {Merge} (snapshot {Snapshot}, remote tip {RemoteTip}) with the snapshot's tree")]
    public static partial void MergeCreated(ILogger logger, string merge, string snapshot, string remoteTip);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Verified: {Remote} {Branch} is at {Commit}")]
    public static partial void PushVerified(ILogger logger, string remote, string branch, string commit);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Push to {Remote} failed ({Reason}, transient: {IsTransient}): {Detail}")]
    public static partial void PushFailed(ILogger logger, string remote, RemoteFailureReason reason, bool isTransient, string detail);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug, Message = "git: {Line}")]
    public static partial void GitOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Created tag {Tag} at {Commit}")]
    public static partial void TagCreated(ILogger logger, string tag, string commit);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Debug, Message = "Tag {Tag} already exists at {Commit}")]
    public static partial void TagExists(ILogger logger, string tag, string commit);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Deleted tag {Tag} locally")]
    public static partial void TagDeleted(ILogger logger, string tag);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Information, Message = "Deleted {Count} tag(s) on {Remote}")]
    public static partial void RemoteTagsDeleted(ILogger logger, int count, string remote);
}

using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Logging;

/// <summary>Log messages of restore (event ids 1100–1199). Paths only, never contents.</summary>
public static partial class RestoreLog
{
    [LoggerMessage(1100, LogLevel.Information, "Restore of {Commit} into {Target} done: {Written} written, {Deleted} deleted")]
    public static partial void RestoreDone(this ILogger logger, string commit, string target, int written, int deleted);

    [LoggerMessage(1101, LogLevel.Information, "Safety snapshot {Commit} tagged {Tag}")]
    public static partial void SafetySnapshotTagged(this ILogger logger, string commit, string tag);

    [LoggerMessage(1102, LogLevel.Information, "Restore refused: {Count} problem(s), first at {Path}")]
    public static partial void RestoreRefused(this ILogger logger, int count, string path);

    [LoggerMessage(1104, LogLevel.Information, "Removed {Count} staging file(s) or folder(s) under {Target} left by a restore that is no longer running")]
    public static partial void AbandonedStagingRemoved(this ILogger logger, int count, string target);

    /// <summary>How long one phase of a restore took (shown with --verbose; the restore benchmark's phase breakdown).</summary>
    [LoggerMessage(1103, LogLevel.Information, "Restore phase {Phase}: {ElapsedMs:F0} ms ({Count} items)")]
    public static partial void RestorePhase(this ILogger logger, string phase, double elapsedMs, long count);
}

using BrainRepo.Core.Model;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Logging;

/// <summary>Log messages of the snapshot engine (event ids 1000–1099). Paths only, never contents.</summary>
public static partial class SnapshotLog
{
    [LoggerMessage(1000, LogLevel.Information, "Sync of {Workspace} started; baseline {Baseline} with {Files} files")]
    public static partial void SyncStarted(this ILogger logger, string workspace, string baseline, int files);

    [LoggerMessage(1001, LogLevel.Information, "State cache belongs to {CacheCommit}, branch is at {Head}: rebuilding the baseline from the repository")]
    public static partial void BaselineRebuilt(this ILogger logger, string cacheCommit, string head);

    [LoggerMessage(1002, LogLevel.Information, "Watch path {WatchPath} {Reason}: its previous subtree is kept")]
    public static partial void WatchPathMissing(this ILogger logger, string watchPath, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Cannot read {Path}: {Detail}; the previous version is kept")]
    public static partial void Unreadable(this ILogger logger, string path, string detail);

    [LoggerMessage(1004, LogLevel.Information, "Mass deletion held back under {WatchPath}: {Count} of {Total} files")]
    public static partial void MassDeletionHeld(this ILogger logger, string watchPath, int count, int total);

    [LoggerMessage(1005, LogLevel.Information, "Snapshot {Commit} written: {Status}, {Stored} stored, {Read} read")]
    public static partial void SnapshotWritten(this ILogger logger, string commit, string status, int stored, int read);

    [LoggerMessage(1006, LogLevel.Information, "No change since snapshot {Commit}: no commit written")]
    public static partial void Unchanged(this ILogger logger, string commit);

    [LoggerMessage(1007, LogLevel.Warning, "{Path} changed while it was read {Attempts} times; the previous version is kept")]
    public static partial void ChangedDuringRead(this ILogger logger, string path, int attempts);

    [LoggerMessage(1008, LogLevel.Information, "Stage {Stage} finished after {ElapsedMs} ms; {AllocatedKiB} KiB allocated by the process so far")]
    public static partial void StageFinished(this ILogger logger, string stage, long elapsedMs, long allocatedKiB);

    [LoggerMessage(1009, LogLevel.Information, "Merged packs of the backup repository: {Before} -> {After} in {ElapsedMs} ms")]
    public static partial void PacksConsolidated(this ILogger logger, int before, int after, long elapsedMs);

    [LoggerMessage(1011, LogLevel.Information, "Could not save the stat cache while the pack was flushed ({Error}); saving it again after the commit")]
    public static partial void BaselineSaveDeferred(this ILogger logger, string error);

    [LoggerMessage(1012, LogLevel.Warning, "Could not record the failed run in the state database ({Error}: {Message}); the run's own error is reported")]
    public static partial void RunRecordFailed(this ILogger logger, string error, string message);

    [LoggerMessage(1010, LogLevel.Warning, "Could not merge the {Count} packs of the backup repository (the snapshot is committed; the next sync tries again): {Reason}")]
    public static partial void PackConsolidationFailed(this ILogger logger, int count, string reason);
}

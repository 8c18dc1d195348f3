using BrainRepo.Core.Model;

namespace BrainRepo.Core.Inventory;

/// <summary>What one walk of the watch paths saw.</summary>
public sealed class InventoryResult
{
    /// <summary>Files and symlinks to store (before size and secret checks).</summary>
    public List<WalkedFile> Files { get; } = [];

    /// <summary>Entries the policy or the file system kept out: excluded, credential caches, unreadable.</summary>
    public List<ReportEntry> Entries { get; } = [];

    /// <summary>Folders that could not be listed: their previous contents are carried forward.</summary>
    public List<string> UnreadableDirectories { get; } = [];

    /// <summary>Watch paths that are missing or not folders: their previous subtrees are carried forward.</summary>
    public List<(string Path, string Reason)> MissingWatchPaths { get; } = [];

    /// <summary>The effective watch paths (overlaps removed).</summary>
    public List<string> WatchPaths { get; } = [];
}

namespace BrainRepo.Core.Restore;

/// <summary>The restorable files of a snapshot under the restored paths, and every problem found while reading them.</summary>
public sealed record SnapshotContent(IReadOnlyList<SnapshotEntry> Files, IReadOnlyList<RestoreProblem> Problems, long TotalSize);

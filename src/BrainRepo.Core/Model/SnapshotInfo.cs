namespace BrainRepo.Core.Model;

/// <summary>A snapshot as listed by <c>brainrepo log</c>: read from the commit, so any clone can show it.</summary>
public sealed record SnapshotInfo(string CommitId, DateTimeOffset Time, string Summary, SnapshotStatus? Status);

using BrainRepo.Core.Model;

namespace BrainRepo.Core.Snapshots;

/// <summary>The outcome of a sync, for summaries and <c>--json</c>.</summary>
public sealed record SyncResult
{
    public required SnapshotStatus Status { get; init; }

    /// <summary>The snapshot the branch now points at.</summary>
    public required string CommitId { get; init; }

    /// <summary>True when nothing changed and no commit was written.</summary>
    public required bool Unchanged { get; init; }

    public required int Stored { get; init; }

    public required int Added { get; init; }

    public required int Modified { get; init; }

    public required int Deleted { get; init; }

    public required int FilesRead { get; init; }

    public required long BytesRead { get; init; }

    public required long StoredBytes { get; init; }

    public required TimeSpan Duration { get; init; }

    public required SnapshotReport Report { get; init; }
}

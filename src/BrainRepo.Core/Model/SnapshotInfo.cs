namespace BrainRepo.Core.Model;

/// <summary>A snapshot as listed by <c>brainrepo log</c>: read from the commit, so any clone can show it.</summary>
/// <param name="CommitId">The commit.</param>
/// <param name="Time">When it was committed.</param>
/// <param name="Summary">The subject line of its message.</param>
/// <param name="Status">Its completeness, when the message says it.</param>
public sealed record SnapshotInfo(string CommitId, DateTimeOffset Time, string Summary, SnapshotStatus? Status)
{
    /// <summary>What made it (sync, milestone, pre-restore safety snapshot, merge), when the message says it.</summary>
    public SnapshotOrigin? Origin { get; init; }

    /// <summary>Files added since the previous snapshot, when the message says it.</summary>
    public int? Added { get; init; }

    /// <summary>Files modified since the previous snapshot, when the message says it.</summary>
    public int? Modified { get; init; }

    /// <summary>Files deleted since the previous snapshot, when the message says it.</summary>
    public int? Deleted { get; init; }
}

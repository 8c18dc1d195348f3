namespace BrainRepo.Core.Storage;

/// <summary>One sync run as recorded in the state database.</summary>
public sealed record SyncRunRecord(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Outcome,
    string? CommitId,
    int Stored,
    int NotStored,
    int Changed,
    int Deleted,
    long BytesRead,
    string? Error);

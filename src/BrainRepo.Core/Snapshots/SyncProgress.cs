namespace BrainRepo.Core.Snapshots;

/// <summary>Progress of a sync, reported between stages and batches.</summary>
public sealed record SyncProgress(string Stage, long Done, long Total, long Bytes);

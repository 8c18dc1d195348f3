using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Operations;

/// <summary>One leased run of the sync pipeline: the snapshot it committed (or found unchanged) and its push.</summary>
public sealed record SnapshotRun(SyncResult Snapshot, PushOutcome Push);

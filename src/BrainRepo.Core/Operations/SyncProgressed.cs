using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Operations;

/// <summary>A snapshot is being taken: the stage (walk, read, commit) and how far it is.</summary>
public sealed record SyncProgressed(SyncProgress Progress) : OperationEvent;

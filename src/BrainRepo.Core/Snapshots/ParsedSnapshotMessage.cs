using BrainRepo.Core.Model;

namespace BrainRepo.Core.Snapshots;

/// <summary>What a snapshot commit's message says; each part is null when the message does not say it.</summary>
public sealed record ParsedSnapshotMessage(SnapshotStatus? Status, SnapshotOrigin? Origin, int? Added, int? Modified, int? Deleted);

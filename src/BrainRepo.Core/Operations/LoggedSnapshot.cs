using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Operations;

/// <summary>One line of <c>brainrepo log</c>: the snapshot and the tags that point at it.</summary>
public sealed record LoggedSnapshot(SnapshotInfo Snapshot, IReadOnlyList<string> Tags);

using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Operations;

/// <summary>A milestone: the snapshot taken for it, its tag, and the push.</summary>
public sealed record MilestoneOutcome(SyncResult Snapshot, TagResult Tag, PushOutcome Push);

using BrainRepo.Core.Remote;

namespace BrainRepo.Core.Operations;

/// <summary>What retention kept and removed (or would, in a dry run), and the remote it was applied to.</summary>
public sealed record ForgetOutcome(RetentionPlan Plan, RemoteConfig? Remote, bool DryRun);

namespace BrainRepo.Core.Remote;

/// <summary>The outcome of <see cref="RetentionPlanner.Plan"/>: every input tag appears in exactly one list.</summary>
public sealed record RetentionPlan(IReadOnlyList<RetentionDecision> Keep, IReadOnlyList<RetentionDecision> Remove);

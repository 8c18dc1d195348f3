namespace BrainRepo.Core.Remote;

/// <summary>Whether one tag is kept or removed, and why (printed by <c>forget</c>).</summary>
public sealed record RetentionDecision(SnapshotTag Tag, bool Keep, string Reason);

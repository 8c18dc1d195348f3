namespace BrainRepo.Core.Coordination;

/// <summary>The current holder of a workspace lease, as seen by someone who could not acquire it.</summary>
public sealed record LeaseHolder(string Owner, long FencingToken, DateTimeOffset LeaseUntil);

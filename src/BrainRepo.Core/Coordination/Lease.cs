namespace BrainRepo.Core.Coordination;

/// <summary>
/// A held lease on one workspace. <see cref="FencingToken"/> guards every write made under it;
/// <see cref="Generation"/> is the request generation this run must serve.
/// </summary>
public sealed record Lease(
    string Workspace,
    string Owner,
    long FencingToken,
    long Generation,
    TimeSpan Ttl,
    DateTimeOffset LeaseUntil);

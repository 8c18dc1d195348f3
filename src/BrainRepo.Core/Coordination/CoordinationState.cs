namespace BrainRepo.Core.Coordination;

/// <summary>A snapshot of one workspace's coordination row, with the database clock at read time.</summary>
public sealed record CoordinationState(
    string Workspace,
    long Requested,
    long Started,
    long Served,
    long FencingToken,
    string? Owner,
    DateTimeOffset? LeaseUntil,
    bool CancelRequested,
    string? LastOutcome,
    DateTimeOffset DatabaseNow)
{
    /// <summary>An owner holds an unexpired lease.</summary>
    public bool IsLeased => Owner is not null && LeaseUntil > DatabaseNow;

    /// <summary>Requests wait to be served.</summary>
    public bool IsPending => Requested > Served;
}

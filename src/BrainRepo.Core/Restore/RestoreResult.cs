namespace BrainRepo.Core.Restore;

/// <summary>What a restore did: the plan it executed and its effect.</summary>
public sealed record RestoreResult
{
    public required RestorePlan Plan { get; init; }

    public required int Written { get; init; }

    public required int Deleted { get; init; }

    public required long BytesWritten { get; init; }

    /// <summary>Paths whose current content the safety snapshot could not hold, copied aside before being replaced.</summary>
    public required IReadOnlyList<string> Preserved { get; init; }

    public required TimeSpan Duration { get; init; }
}

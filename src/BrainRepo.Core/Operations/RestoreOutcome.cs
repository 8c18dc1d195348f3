using BrainRepo.Core.Restore;

namespace BrainRepo.Core.Operations;

/// <summary>A restore's plan and, unless it was a dry run or there was nothing to do, what was written.</summary>
public sealed record RestoreOutcome(RestorePlan Plan, bool DryRun)
{
    /// <summary>What was written and deleted; null for a dry run or a plan with nothing to do.</summary>
    public RestoreResult? Result { get; init; }

    /// <summary>The tag of the safety snapshot taken before a restore into the workspace: <c>brainrepo restore &lt;tag&gt;</c> undoes it.</summary>
    public string? SafetyTag { get; init; }

    /// <summary>Where replaced files that the safety snapshot could not hold were copied.</summary>
    public string? PreservedFolder { get; init; }
}

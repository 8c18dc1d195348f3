using BrainRepo.Core.Restore;
using BrainRepo.Core.Sealing;

namespace BrainRepo.Core.Operations;

/// <summary>What a user asks of a restore.</summary>
public sealed record RestoreSpec
{
    /// <summary>The snapshot: a commit id or prefix, a tag, HEAD or HEAD~N.</summary>
    public required string Snapshot { get; init; }

    /// <summary>The absolute folder to restore into; null restores into the workspace itself.</summary>
    public string? TargetRoot { get; init; }

    public RestoreOptions Options { get; init; } = new();

    /// <summary>Plan only: report what would be created, overwritten and deleted, and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Into another folder than the workspace: replace existing files that differ from the snapshot. Without it such
    /// a restore is refused (<see cref="RestoreWouldOverwriteException"/>), since no safety snapshot covers that folder.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>The key for sealed files, when there is one.</summary>
    public SealKey? SealKey { get; init; }

    /// <summary>How long a restore into the workspace waits for a run that holds it.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromHours(1);
}

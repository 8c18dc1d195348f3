using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Restore;

/// <summary>One restore: which snapshot, into which folder, with which policy and options.</summary>
public sealed record RestoreRequest
{
    /// <summary>The resolved commit id of the snapshot.</summary>
    public required string Commit { get; init; }

    /// <summary>Absolute path of the folder to restore into (the workspace root, or --to).</summary>
    public required string TargetRoot { get; init; }

    /// <summary>The policy that decides which files on disk a deletion may touch (never excluded ones).</summary>
    public PolicyOptions Policy { get; init; } = new();

    public RestoreOptions Options { get; init; } = new();
}

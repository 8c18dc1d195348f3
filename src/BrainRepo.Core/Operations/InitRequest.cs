namespace BrainRepo.Core.Operations;

/// <summary>What a user asks of <c>brainrepo init</c>.</summary>
public sealed record InitRequest
{
    /// <summary>The workspace folder, absolute.</summary>
    public required string Directory { get; init; }

    /// <summary>Where the backup repository goes, absolute; null for the workspace's data folder.</summary>
    public string? Repository { get; init; }

    /// <summary>The preset policy to start from.</summary>
    public string Preset { get; init; } = Workspaces.Presets.None;

    /// <summary>Rewrite the configuration of a workspace that is already registered.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Accept a <see cref="Repository"/> that already holds snapshots: the workspace continues that history (for
    /// example a restore of it on a new machine). Without it such a repository is refused.
    /// </summary>
    public bool ExistingRepository { get; init; }

    /// <summary>Accept a workspace inside another registered one, or around one. Without it that is refused.</summary>
    public bool Nested { get; init; }
}

namespace BrainRepo.Core.Operations;

/// <summary>What a sync request asks for, whoever makes it (the CLI, the worker, the watcher, the scheduler).</summary>
public sealed record SyncRequest
{
    /// <summary>The plain request: snapshot, then push when due.</summary>
    public static SyncRequest Default { get; } = new();

    /// <summary>Apply a mass deletion that would otherwise be held back.</summary>
    public bool AllowMassDelete { get; init; }

    /// <summary>Push after the snapshot when a remote is set and a push is due (false: the snapshot stays pending).</summary>
    public bool Push { get; init; } = true;

    /// <summary>
    /// When another run holds the workspace, wait until that run's trailing run has served this request instead of
    /// returning at once with the request registered.
    /// </summary>
    public bool Wait { get; init; }

    /// <summary>
    /// The user's consent to start a new, empty history when the backup repository is missing. Without it a
    /// missing repository (an unmounted disk, a moved folder) stops the sync and nothing is created.
    /// </summary>
    public bool RecreateRepository { get; init; }
}

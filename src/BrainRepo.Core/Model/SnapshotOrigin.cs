namespace BrainRepo.Core.Model;

/// <summary>What made a snapshot commit; written as the <c>BrainRepo-Origin</c> trailer of its message.</summary>
public enum SnapshotOrigin
{
    /// <summary>A sync (the command, the worker, the scheduler).</summary>
    Sync,

    /// <summary>The snapshot of <c>brainrepo milestone</c>.</summary>
    Milestone,

    /// <summary>The safety snapshot a restore into the workspace takes first, tagged <c>pre-restore/&lt;time&gt;</c>.</summary>
    PreRestore,

    /// <summary>A merge commit written by a push when the remote had moved ahead; its tree is the local snapshot.</summary>
    Merge,
}

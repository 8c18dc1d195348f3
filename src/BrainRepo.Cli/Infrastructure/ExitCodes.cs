using BrainRepo.Core.Model;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>The process exit codes, documented in the README and docs/operations.md.</summary>
public static class ExitCodes
{
    public const int Complete = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int Incomplete = 3;

    /// <summary>The snapshot is saved on this machine but not on the remote: its push failed, or is failing.</summary>
    public const int NotOnRemote = 4;

    /// <summary>
    /// The exit code of a command that took a snapshot or a tag (sync, milestone, tag): 4 when its push was due and
    /// failed, or was put off because the previous attempt failed; otherwise 0 for a complete snapshot and 3 for an
    /// incomplete one.
    /// </summary>
    public static int AfterSnapshot(SnapshotStatus status, PushOutcome? push) =>
        push is { Kind: PushOutcomeKind.Failed } or { Kind: PushOutcomeKind.NotDue, State.LastError: not null } ? NotOnRemote
        : status == SnapshotStatus.Complete ? Complete
        : Incomplete;
}

namespace BrainRepo.Git.Repair;

/// <summary>What <c>brainrepo repair</c> found and did.</summary>
public sealed record RepairResult
{
    /// <summary>Packs checked in full (index, trailer, and a hash of every byte).</summary>
    public required int PacksChecked { get; init; }

    /// <summary>Packs that failed, each moved aside with what was recovered from it.</summary>
    public required IReadOnlyList<DamagedPack> DamagedPacks { get; init; }

    /// <summary>Objects copied in from <see cref="RepairOptions.CopyFrom"/> (the remote's copy of the backup).</summary>
    public int CopiedObjects { get; init; }

    /// <summary>Snapshots (commits) reached from the branch and the tags.</summary>
    public required int SnapshotsChecked { get; init; }

    /// <summary>Distinct trees and blobs those snapshots need.</summary>
    public required int ObjectsChecked { get; init; }

    /// <summary>Workspace paths whose content was stored again, because the repository had lost their blob.</summary>
    public required IReadOnlyList<string> RestoredFromDisk { get; init; }

    /// <summary>Snapshots that still cannot be restored in full, newest first.</summary>
    public required IReadOnlyList<LostSnapshot> LostSnapshots { get; init; }

    /// <summary>Refs (the branch, tags) whose history is not whole: their snapshot or an older one is damaged.</summary>
    public required IReadOnlyList<string> BrokenRefs { get; init; }

    /// <summary>With <see cref="RepairOptions.NewHistory"/>: the ref the damaged history was kept under, when its commit still exists.</summary>
    public string? DamagedHistoryRef { get; init; }

    /// <summary>With <see cref="RepairOptions.NewHistory"/>: refs moved under <see cref="DamagedHistoryRef"/>'s folder, or deleted when their commit is gone ("name → where").</summary>
    public IReadOnlyList<string> MovedRefs { get; init; } = [];

    /// <summary>True when the branch was emptied, so that the next sync starts a new history.</summary>
    public bool NewHistoryStarted { get; init; }

    /// <summary>True when every object reachable from the branch and the tags is present now.</summary>
    public bool Healthy => LostSnapshots.Count == 0 && BrokenRefs.Count == 0;
}

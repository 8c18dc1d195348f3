using System.Globalization;

namespace BrainRepo.Git.Repair;

/// <summary>
/// <c>brainrepo repair</c>: checks a backup repository and heals what it can.
/// <list type="number">
/// <item>Every pack is checked in full (its index's checksum, its trailer against the index, every byte hashed).
/// A damaged one is moved to <c>brainrepo-quarantine/&lt;time&gt;/</c>, so git stops tripping on it, and what it
/// still holds is recovered: a whole pack gets a new index (<c>git index-pack</c>), a truncated one gives up the
/// objects before the cut (<c>git unpack-objects -r</c>). Git hashes what it recovers.</item>
/// <item>Every snapshot reachable from the branch and the tags is walked: its commit, every tree (hashed), and the
/// presence of every blob.</item>
/// <item>With <see cref="RepairOptions.CopyFrom"/>, every object of another copy of the backup (the remote's) is copied in.</item>
/// <item>A missing blob whose content the workspace still holds, at a path where a snapshot had it, is stored again.</item>
/// <item>What is still missing is reported per snapshot. With <see cref="RepairOptions.NewHistory"/>, the damaged
/// history is kept under <c>refs/brainrepo/damaged/&lt;time&gt;</c> and the branch is emptied for a new history.</item>
/// </list>
/// Run it under the workspace's lock: it moves packs and refs.
/// </summary>
public sealed partial class RepositoryRepair(GitBackupRepository repository, TimeProvider time)
{
    public const string QuarantineFolder = "brainrepo-quarantine";

    public const string DamagedRefPrefix = "refs/brainrepo/damaged/";

    public RepairResult Run(RepairOptions options, CancellationToken cancellationToken)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var quarantine = Path.Combine(repository.Path, QuarantineFolder, stamp);
        var (packsChecked, damagedPacks) = CheckPacks(quarantine, cancellationToken);
        var copied = options.CopyFrom is null ? 0 : CopyObjectsFrom(options.CopyFrom, cancellationToken);

        var history = ReadHistory(cancellationToken);
        var restored = RestoreFromDisk(history, options.WorkspaceRoot, cancellationToken);
        if (restored.Count > 0)
        {
            history = ReadHistory(cancellationToken);
        }

        var lost = LostSnapshots(history);
        var broken = BrokenRefs(history);
        var result = new RepairResult
        {
            PacksChecked = packsChecked,
            DamagedPacks = damagedPacks,
            CopiedObjects = copied,
            SnapshotsChecked = history.Commits.Count,
            ObjectsChecked = history.Trees.Count + history.Blobs.Count,
            RestoredFromDisk = restored,
            LostSnapshots = lost,
            BrokenRefs = broken,
        };

        return options.NewHistory && !result.Healthy ? StartNewHistory(result, history, stamp, cancellationToken) : result;
    }
}

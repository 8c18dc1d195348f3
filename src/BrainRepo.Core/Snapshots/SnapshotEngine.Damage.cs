using BrainRepo.Core.Storage;
using BrainRepo.Core.Model;
using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Snapshots;

/// <summary>
/// A sync reuses object ids it did not write: the blobs of unchanged files (from the stat cache), the trees of
/// unchanged folders, the last snapshot's commit as the parent. Before it does, it checks that the repository
/// still has each of them (<see cref="IBackupRepository.CheckObjects"/>: index lookups, on the loader's thread
/// while the walk runs). What is missing is stored again from disk when the workspace still holds the same
/// content: an unchanged file is read again, and a folder with no change is rebuilt to the same tree id.
/// Anything else (a file that changed or is gone, a version kept by carry-forward, the commit itself) cannot
/// be healed by a sync: it fails with <see cref="RepositoryDamagedException"/> and commits nothing.
/// </summary>
public sealed partial class SnapshotEngine
{
    private const int ShownPaths = 20;

    /// <summary>What the baseline loader hands to the run.</summary>
    private sealed record Prepared(Baseline Baseline, HashSet<string> KnownBlobs, ObjectPresence Presence, string? HeadReport);

    /// <summary>What this run stores again: blobs read back from disk, folders rebuilt (folder → the id it must get back).</summary>
    private sealed record Repair(int RestoredBlobs, IReadOnlyDictionary<string, string> TreesToRebuild, string? MissingHeadReport)
    {
        public static readonly Repair None = new(0, new Dictionary<string, string>(StringComparer.Ordinal), null);

        public bool Any => RestoredBlobs > 0 || TreesToRebuild.Count > 0 || MissingHeadReport is not null;
    }

    private Prepared LoadBaselineAndKnownBlobs(string? head, SyncOptions options, CancellationToken cancellationToken)
    {
        Baseline baseline;
        try
        {
            baseline = LoadBaseline(head, options, cancellationToken);
        }
        catch (BrainRepoException ex) when (head is not null && ex.Code is ErrorCodes.RepositoryCorrupt or ErrorCodes.SnapshotNotFound)
        {
            var what = $"the last snapshot {head[..Math.Min(12, head.Length)]}";
            throw new RepositoryDamagedException(
                $"The backup repository is damaged: {what} cannot be read ({ex.Message}). Nothing was committed. Fix: run 'brainrepo repair'.", [what], ex);
        }

        var known = new HashSet<string>(baseline.Files.Count, StringComparer.Ordinal);
        foreach (var file in baseline.Files.Values)
        {
            known.Add(file.BlobId);
        }

        if (head is null)
        {
            return new Prepared(baseline, known, new ObjectPresence(new HashSet<string>(StringComparer.Ordinal), []), null);
        }

        var ids = new List<string>(known.Count + baseline.Trees.Count + 1);
        ids.AddRange(known);
        ids.AddRange(baseline.Trees.Values);
        ids.Add(head);
        var presence = repository.CheckObjects(ids, cancellationToken);
        // The report's blob is found through the commit and two trees: read them only if they are there.
        var path = new[] { head, baseline.Trees.GetValueOrDefault(""), baseline.Trees.GetValueOrDefault(SnapshotReport.TreePath.Split('/')[0]) };
        var headReport = path.Any(id => id is not null && presence.Missing.Contains(id)) ? null : HeadReportBlob(head, cancellationToken);
        if (headReport is not null && repository.CheckObjects([headReport], cancellationToken).Missing.Count > 0)
        {
            presence = presence with { Missing = new HashSet<string>(presence.Missing.Append(headReport), StringComparer.Ordinal) };
        }

        // A blob the repository lost is not "known": a file read with that content stores it again.
        known.ExceptWith(presence.Missing);
        return new Prepared(baseline, known, presence, headReport);
    }

    /// <summary>The blob id of the last snapshot's report, read from two small trees; null when it has none or they cannot be read.</summary>
    private string? HeadReportBlob(string head, CancellationToken cancellationToken)
    {
        try
        {
            var folder = Entry(repository.RootTree(head, cancellationToken), SnapshotReport.TreePath.Split('/')[0], GitFileMode.Directory);
            return folder is null ? null : Entry(folder, SnapshotReport.TreePath.Split('/')[1], GitFileMode.Regular);
        }
        catch (BrainRepoException)
        {
            return null; // a missing commit or tree: the presence check names it
        }

        string? Entry(string treeId, string name, int mode)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(name);
            return repository.ReadRawTree(treeId, cancellationToken).FirstOrDefault(e => e.Mode == mode && e.Name.AsSpan().SequenceEqual(bytes))?.ObjectId;
        }
    }

    /// <summary>
    /// Once the new snapshot's files are final: which lost objects this run stores again, which folders it rebuilds,
    /// and the notes that say so. Throws <see cref="RepositoryDamagedException"/> when something is lost for good.
    /// </summary>
    private Repair AssessDamage(SyncWork work, string? head, string? headReport, IReadOnlyList<string> damagedPacks, List<string> changed)
    {
        if (damagedPacks.Count > 0)
        {
            work.Notes.Add($"the backup repository has {damagedPacks.Count} damaged pack(s) whose objects were not used ({string.Join("; ", damagedPacks)}): run 'brainrepo repair' to check the older snapshots and move them aside");
        }

        var missing = work.MissingObjects;
        if (missing.Count == 0)
        {
            return Repair.None;
        }

        var lost = new List<string>();
        if (head is not null && missing.Contains(head))
        {
            lost.Add($"the last snapshot's commit {head}");
        }

        var restored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in work.Baseline.Files.Values)
        {
            if (!missing.Contains(file.BlobId))
            {
                continue;
            }

            // Content-addressed: the blob is back if any file read in this run had that content.
            if (work.BlobsRead.Contains(file.BlobId))
            {
                restored.Add(file.BlobId);
            }
            else
            {
                lost.Add(file.Path);
            }
        }

        // A folder with no change below it is rebuilt from the same files, so to the same tree id.
        var dirty = TreeCache.DirtyFolders(changed.Append(SnapshotReport.TreePath));
        var rebuild = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (folder, id) in work.Baseline.Trees)
        {
            if (!missing.Contains(id))
            {
                continue;
            }

            if (dirty.Contains(folder))
            {
                lost.Add(folder.Length == 0 ? "the last snapshot's root folder" : folder == SnapshotReport.TreePath.Split('/')[0] ? $"the last snapshot's report folder ({folder}/)" : folder + "/");
            }
            else
            {
                rebuild[folder] = id;
            }
        }

        if (lost.Count > 0)
        {
            throw Damaged(lost, damagedPacks);
        }

        var repaired = restored.Count + rebuild.Count;
        if (repaired > 0)
        {
            work.Notes.Add($"repaired: {repaired} objects the backup repository had lost were stored again from the files on disk");
        }

        return new Repair(restored.Count, rebuild, headReport is not null && missing.Contains(headReport) ? headReport : null);
    }

    /// <summary>The folders to rebuild, and every folder above them (a rebuilt folder's parents are written again too).</summary>
    private static void AddRebuilt(HashSet<string> dirty, Repair repair)
    {
        foreach (var folder in repair.TreesToRebuild.Keys)
        {
            dirty.Add(folder);
            dirty.UnionWith(TreeCache.DirtyFolders([folder]));
        }
    }

    /// <summary>After the trees are built: every folder meant to be rebuilt got its old id back, and the last report is there.</summary>
    private static void CheckRepaired(Repair repair, TreeCache trees, string reportBlobId, IReadOnlyList<string> damagedPacks)
    {
        var lost = new List<string>();
        foreach (var (folder, id) in repair.TreesToRebuild)
        {
            if (trees.Computed.GetValueOrDefault(folder) != id)
            {
                lost.Add(folder + "/");
            }
        }

        if (repair.MissingHeadReport is { } report && report != reportBlobId)
        {
            lost.Add("the last snapshot's report (" + SnapshotReport.TreePath + ")");
        }

        if (lost.Count > 0)
        {
            throw Damaged(lost, damagedPacks);
        }
    }

    private static RepositoryDamagedException Damaged(List<string> lost, IReadOnlyList<string> damagedPacks)
    {
        lost.Sort(StringComparer.Ordinal);
        var names = string.Join(", ", lost.Take(ShownPaths)) + (lost.Count > ShownPaths ? $" and {lost.Count - ShownPaths} more" : "");
        var packs = damagedPacks.Count == 0 ? "" : $" Damaged: {string.Join("; ", damagedPacks)}.";
        return new RepositoryDamagedException(
            $"The backup repository is damaged: objects of the last snapshot are missing, and they cannot be stored again from disk because the files changed, are gone, or are kept at their stored version: {names}.{packs} Nothing was committed. Fix: run 'brainrepo repair': it stores again what it can and says how to go on for the rest.",
            lost);
    }
}

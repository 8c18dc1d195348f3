using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Snapshots;

public sealed partial class SnapshotEngine
{
    /// <summary>
    /// Decides the fate of every file of the previous snapshot that this walk did not account for.
    /// A file leaves the backup only when its own lstat says it is gone; anything else keeps it.
    /// </summary>
    private void ResolveUnseenBaselineFiles(SyncWork work, SyncOptions options)
    {
        var inventory = work.Inventory;
        var droppedDirectories = work.Entries
            .Where(e => e.IsDirectory && e.Disposition is Disposition.Excluded or Disposition.CredentialCache)
            .Select(e => e.Path)
            .ToList();
        var candidates = new List<TrackedFile>();
        foreach (var previous in work.Baseline.Files.Values)
        {
            var path = previous.Path;
            if (work.NewFiles.ContainsKey(path) || work.Handled.Contains(path))
            {
                continue;
            }

            if (droppedDirectories.Any(d => RelativePath.IsUnder(path, d)))
            {
                continue; // excluded by a named rule, recorded on the folder
            }

            if (!inventory.WatchPaths.Any(w => RelativePath.IsUnder(path, w)))
            {
                continue; // no longer watched: the configuration changed
            }

            var missing = inventory.MissingWatchPaths.FirstOrDefault(m => RelativePath.IsUnder(path, m.Path));
            if (missing.Path is not null)
            {
                work.CarryForward(path, Disposition.WatchPathMissing, "watch_paths", $"watch path '{Display(missing.Path)}' {missing.Reason}");
                continue;
            }

            var unreadableDir = inventory.UnreadableDirectories.FirstOrDefault(d => RelativePath.IsUnder(path, d));
            if (unreadableDir is not null)
            {
                work.CarryForward(path, Disposition.Unreadable, "filesystem", $"folder '{unreadableDir}' could not be listed");
                continue;
            }

            var stat = NativeStat.LStat(RelativePath.ToAbsolute(config.WorkspaceRoot, path));
            if (stat.IsGone || (stat.Exists && stat.Kind == EntryKind.Directory))
            {
                candidates.Add(previous);
            }
            else if (stat.Exists)
            {
                work.CarryForward(path, Disposition.ChangedDuringRead, "filesystem", "appeared or changed during the walk");
            }
            else
            {
                logger.Unreadable(path, $"lstat errno {stat.Errno}");
                work.CarryForward(path, Disposition.Unreadable, "filesystem", $"lstat failed (errno {stat.Errno})");
            }
        }

        ApplyDeletions(work, candidates, options);
    }

    /// <summary>Applies deletions, holding back a suspicious mass deletion per watch path unless confirmed.</summary>
    private void ApplyDeletions(SyncWork work, List<TrackedFile> candidates, SyncOptions options)
    {
        var policyOptions = config.Policy;
        foreach (var watch in work.Inventory.WatchPaths)
        {
            var deleted = candidates.Where(c => RelativePath.IsUnder(c.Path, watch)).ToList();
            if (deleted.Count == 0)
            {
                continue;
            }

            var total = work.Baseline.Files.Keys.Count(p => RelativePath.IsUnder(p, watch));
            var suspicious = deleted.Count >= policyOptions.MassDeleteMinFiles && deleted.Count >= policyOptions.MassDeleteMinFraction * total;
            if (suspicious && !options.AllowMassDelete)
            {
                logger.MassDeletionHeld(Display(watch), deleted.Count, total);
                work.Problems.Add($"{deleted.Count} of {total} files under '{Display(watch)}' are gone from disk: the deletion is held back as suspicious. Fix: if it is intended, run 'brainrepo sync --allow-mass-delete'");
                foreach (var file in deleted)
                {
                    work.CarryForward(file.Path, Disposition.DeletionHeldBack, "mass_delete", "gone from disk; kept until the mass deletion is confirmed");
                }

                continue;
            }

            work.Deleted += deleted.Count;
        }
    }

    /// <summary>
    /// One problem line per group of files of <paramref name="disposition"/>: those kept at an older version, and those
    /// that are not in the backup at all (no older version exists, or it could not be kept), said apart.
    /// </summary>
    private static void AddProblem(List<string> problems, SyncWork work, Disposition disposition, string what, string fix = "")
    {
        var files = work.Entries.Where(e => !e.IsDirectory && e.Disposition == disposition).ToList();
        var missing = files.Count(e => e.NotInBackup);
        var kept = files.Count - missing;
        if (kept > 0)
        {
            problems.Add($"{kept} files {what}: they are kept at their previous version.{fix}");
        }

        if (missing > 0)
        {
            problems.Add($"{missing} files {what} and are not in the backup (no earlier version is kept).{fix}");
        }
    }

    private static SnapshotReport BuildReport(SyncWork work)
    {
        // Incomplete: anything kept at an older version, held back or unreadable, and any file of the user's that is
        // in no version at all (a new file over max_file_size, a new file withheld for a secret): only an explicit
        // rule (an exclusion, a credential cache) leaves a file out of a complete snapshot.
        var incomplete = work.Problems.Count > 0 || work.Entries.Any(e =>
            e.CarriedBlob is not null || e.NotInBackup
            || e.Disposition is Disposition.Unreadable or Disposition.ChangedDuringRead or Disposition.DeletionHeldBack or Disposition.WatchPathMissing or Disposition.WithheldSecret);
        var problems = new List<string>(work.Problems);
        AddProblem(problems, work, Disposition.Unreadable, "could not be read");
        AddProblem(problems, work, Disposition.ChangedDuringRead, "kept changing while they were read");
        AddProblem(problems, work, Disposition.WithheldSecret, "contain secrets", " Fix: see 'brainrepo secrets' (allow a false positive, exclude the file, or set secrets = \"redact\" or \"seal\")");
        AddProblem(problems, work, Disposition.TooLarge, "are larger than max_file_size", " Fix: raise max_file_size in the workspace's brainrepo.toml, or exclude them explicitly (exclude_paths or a .brainignore) if they are not to be backed up");

        return new SnapshotReport
        {
            Status = incomplete ? SnapshotStatus.Incomplete : SnapshotStatus.Complete,
            WatchPaths = work.Inventory.WatchPaths,
            StoredFiles = work.NewFiles.Count,
            StoredBytes = work.NewFiles.Values.Sum(f => f.Size),
            Problems = problems,
            Notes = work.Notes,
            Entries = work.Entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList(),
        };
    }
}

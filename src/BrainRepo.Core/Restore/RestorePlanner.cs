using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Pure: the snapshot's files, the target's lstat state and the options in, a plan out. No I/O, so the
/// dry run and the real run decide identically, and every safety rule is testable without a disk.
/// </summary>
public static class RestorePlanner
{
    private static readonly Disposition[] OlderVersion =
        [Disposition.WithheldSecret, Disposition.TooLarge, Disposition.Unreadable, Disposition.ChangedDuringRead];

    public static RestorePlan Plan(
        string commit,
        string targetRoot,
        IReadOnlyList<string> scopes,
        SnapshotContent snapshot,
        DiskState disk,
        IReadOnlyList<ReportEntry> reportEntries,
        RestoreOptions options,
        bool caseInsensitive)
    {
        var problems = new List<RestoreProblem>(snapshot.Problems);
        var actions = new List<RestoreAction>(snapshot.Files.Count);
        var inSnapshot = new HashSet<string>(snapshot.Files.Select(f => f.Path), StringComparer.Ordinal);
        var present = new HashSet<string>(disk.PresentFiles, StringComparer.Ordinal);
        var deleted = options.Delete ? present.Where(p => !inSnapshot.Contains(p)).ToHashSet(StringComparer.Ordinal) : [];
        var badParents = new HashSet<string>(StringComparer.Ordinal);

        foreach (var file in snapshot.Files)
        {
            if (!ParentsAreSafe(file.Path, disk, deleted, badParents, problems))
            {
                continue;
            }

            disk.Entries.TryGetValue(file.Path, out var onDisk);
            var kind = Decide(file, onDisk, problems);
            if (kind is { } k)
            {
                actions.Add(new RestoreAction(file.Path, k, file.Mode, file.BlobId, file.Size));
            }
        }

        foreach (var path in deleted)
        {
            actions.Add(new RestoreAction(path, RestoreActionKind.Delete, 0, null, 0));
        }

        if (caseInsensitive)
        {
            FindCaseCollisions(snapshot.Files, problems);
        }

        actions.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new RestorePlan
        {
            Commit = commit,
            TargetRoot = targetRoot,
            Scopes = scopes,
            Actions = actions,
            Warnings = Warnings(reportEntries, scopes, inSnapshot),
            Problems = problems,
            CaseInsensitive = caseInsensitive,
        };
    }

    /// <summary>Every parent folder must be a real folder or absent; a symlink or file in the way is refused (or deleted first, with --delete).</summary>
    private static bool ParentsAreSafe(string path, DiskState disk, HashSet<string> deleted, HashSet<string> badParents, List<RestoreProblem> problems)
    {
        for (var end = path.IndexOf('/'); end >= 0; end = path.IndexOf('/', end + 1))
        {
            var parent = path[..end];
            if (!disk.Entries.TryGetValue(parent, out var entry) || entry.Kind == EntryKind.Directory || deleted.Contains(parent))
            {
                continue;
            }

            if (badParents.Add(parent))
            {
                problems.Add(new RestoreProblem(parent, entry.Kind switch
                {
                    EntryKind.Symlink => $"is a symlink on disk; restoring '{path}' would write through it (move it away, or pass --delete to replace it)",
                    EntryKind.File => $"is a file on disk where the snapshot has a folder (needed for '{path}'); move it away, or pass --delete to replace it",
                    _ => $"is a special file on disk where the snapshot has a folder (needed for '{path}')",
                }));
            }

            return false;
        }

        return true;
    }

    private static RestoreActionKind? Decide(SnapshotEntry file, DiskEntry? onDisk, List<RestoreProblem> problems)
    {
        if (onDisk is null)
        {
            return RestoreActionKind.Create;
        }

        switch (onDisk.Kind)
        {
            case EntryKind.Directory:
                problems.Add(new RestoreProblem(file.Path, "is a folder on disk but a file in the snapshot; move it away first"));
                return null;
            case EntryKind.Other:
                problems.Add(new RestoreProblem(file.Path, "is a special file (fifo, socket or device) on disk; move it away first"));
                return null;
        }

        var wantLink = file.Mode == GitFileMode.Symlink;
        var same = onDisk.BlobId == file.BlobId
            && (onDisk.Kind == EntryKind.Symlink) == wantLink
            && (wantLink || onDisk.Executable == (file.Mode == GitFileMode.Executable));
        return same ? RestoreActionKind.Unchanged : RestoreActionKind.Overwrite;
    }

    private static void FindCaseCollisions(IReadOnlyList<SnapshotEntry> files, List<RestoreProblem> problems)
    {
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            for (var end = f.Path.IndexOf('/'); end >= 0; end = f.Path.IndexOf('/', end + 1))
            {
                nodes.Add(f.Path[..end]);
            }

            nodes.Add(f.Path);
        }

        var folded = new Dictionary<string, string>(StringComparer.Ordinal);
        var collided = new List<string>();
        foreach (var node in nodes.Order(StringComparer.Ordinal))
        {
            var key = node.ToUpperInvariant();
            if (collided.Any(c => RelativePath.IsUnder(node, c)))
            {
                continue; // named once, at the top-most colliding folder
            }

            if (!folded.TryAdd(key, node))
            {
                collided.Add(node);
                problems.Add(new RestoreProblem(node, $"differs only in case from '{folded[key]}', and the target file system is case-insensitive"));
            }
        }
    }

    private static List<RestoreWarning> Warnings(IReadOnlyList<ReportEntry> entries, IReadOnlyList<string> scopes, HashSet<string> inSnapshot) =>
        entries
            .Where(e => !e.IsDirectory && scopes.Any(s => RelativePath.IsUnder(e.Path, s)))
            .Where(e => (e.CarriedBlob is not null && OlderVersion.Contains(e.Disposition)) || e.Disposition == Disposition.WithheldSecret)
            .Select(e => new RestoreWarning(e.Path, e.Disposition, inSnapshot.Contains(e.Path), e.Rule))
            .OrderBy(w => w.Path, StringComparer.Ordinal)
            .ToList();
}

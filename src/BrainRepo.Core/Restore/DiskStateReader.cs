using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Policy;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Reads the target for the planner with lstat only: symlinks are seen as symlinks and never followed.
/// Files are hashed only when their size matches the snapshot's, so restoring into an empty folder reads nothing.
/// </summary>
public static class DiskStateReader
{
    public static DiskState Read(
        string targetRoot,
        IReadOnlyList<SnapshotEntry> files,
        IReadOnlyList<string> scopes,
        PolicyOptions policy,
        bool listPresentFiles,
        CancellationToken cancellationToken)
    {
        var root = NativeStat.LStat(targetRoot);
        if (!root.Exists)
        {
            return DiskState.Empty;
        }

        var entries = new Dictionary<string, DiskEntry>(StringComparer.Ordinal);
        var looked = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var file in files)
        {
            if (++count % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Visit(targetRoot, file.Path, file, entries, looked);
        }

        var present = new List<string>();
        if (listPresentFiles)
        {
            var walker = new InventoryWalker(targetRoot, new SnapshotPolicy(policy));
            foreach (var scope in scopes)
            {
                // A scope reached through a symlink is not walked: the walk would list files outside the target.
                if (IsRealDirectoryChain(targetRoot, scope))
                {
                    present.AddRange(walker.Walk([scope], cancellationToken).Files.Select(f => f.Path));
                }
            }
        }

        foreach (var path in present)
        {
            Visit(targetRoot, path, null, entries, looked);
        }

        return new DiskState(entries, present);
    }

    private static void Visit(string targetRoot, string path, SnapshotEntry? file, Dictionary<string, DiskEntry> entries, HashSet<string> looked)
    {
        var end = 0;
        while (end >= 0)
        {
            end = path.IndexOf('/', end + 1);
            var prefix = end < 0 ? path : path[..end];
            if (looked.Add(prefix))
            {
                var stat = NativeStat.LStat(RelativePath.ToAbsolute(targetRoot, prefix));
                if (stat.Exists)
                {
                    var isLast = end < 0;
                    entries[prefix] = new DiskEntry(stat.Kind, stat.Executable, stat.Stamp.Size, isLast ? HashIfUseful(targetRoot, prefix, stat, file) : null);
                }
            }

            if (!entries.TryGetValue(prefix, out var seen) || (end >= 0 && seen.Kind != EntryKind.Directory))
            {
                return; // missing, or not a folder: nothing below it can be looked at safely
            }
        }
    }

    private static string? HashIfUseful(string targetRoot, string path, StatResult stat, SnapshotEntry? file)
    {
        var absolute = RelativePath.ToAbsolute(targetRoot, path);
        try
        {
            return stat.Kind switch
            {
                EntryKind.Symlink => GitBlobHash.OfLink(new FileInfo(absolute).LinkTarget ?? ""),
                EntryKind.File when file is not null && file.Mode != GitFileMode.Symlink && stat.Stamp.Size == file.Size => GitBlobHash.OfFile(absolute),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable: planned as an overwrite
        }
    }

    private static bool IsRealDirectoryChain(string targetRoot, string scope)
    {
        var path = "";
        foreach (var part in scope.Length == 0 ? [] : scope.Split('/'))
        {
            path = RelativePath.Combine(path, part);
            var stat = NativeStat.LStat(RelativePath.ToAbsolute(targetRoot, path));
            if (!stat.Exists || stat.Kind != EntryKind.Directory)
            {
                return false;
            }
        }

        return true;
    }
}

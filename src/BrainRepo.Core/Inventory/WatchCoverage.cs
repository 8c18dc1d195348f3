using System.IO.Enumeration;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Inventory;

/// <summary>
/// How well the watch paths fit a workspace as it is on disk now: the watch paths that are not folders there, the
/// folders that no watch path covers (each one the largest such folder: its parent holds a watch path, or is the
/// workspace), and how many files lie outside every watch path. Those files are in no snapshot, and no sync or
/// verify of the watch paths would notice them, so <c>init</c>, <c>verify</c> and <c>report</c> say so.
/// Folders that the policy excludes by name or path are skipped: watched or not, they would not be stored.
/// Symlinks are counted as files and never followed.
/// </summary>
public sealed record WatchCoverage(IReadOnlyList<string> MissingWatchPaths, IReadOnlyList<string> UnwatchedFolders, int FilesOutside)
{
    /// <summary>Walks the parts of <paramref name="workspaceRoot"/> that <paramref name="watchPaths"/> leave out (nothing when one of them is the whole workspace).</summary>
    public static WatchCoverage Inspect(string workspaceRoot, PolicyOptions policy, IReadOnlyList<string> watchPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var configured = watchPaths.Select(p => p == "." ? "" : p).Distinct(StringComparer.Ordinal).ToList();
        var watch = InventoryWalker.EffectiveWatchPaths(configured);
        var missing = configured // in the configuration's order
            .Where(w => w.Length > 0 && watch.Contains(w, StringComparer.Ordinal))
            .Where(w => NativeStat.LStat(RelativePath.ToAbsolute(workspaceRoot, w)) is not { Exists: true, Kind: EntryKind.Directory })
            .ToList();
        if (watch.Contains(""))
        {
            return new WatchCoverage(missing, [], 0);
        }

        var unwatched = new List<string>();
        var files = 0;
        var stack = new Stack<(string Dir, bool HoldsWatchPath)>();
        stack.Push(("", true));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dir, holdsWatchPath) = stack.Pop();
            foreach (var (name, isFolder) in List(RelativePath.ToAbsolute(workspaceRoot, dir)))
            {
                var path = RelativePath.Combine(dir, name);
                if (holdsWatchPath && watch.Any(w => RelativePath.IsUnder(path, w)))
                {
                    continue; // watched: the sync accounts for it
                }

                if (!isFolder)
                {
                    files++;
                    continue;
                }

                if (policy.ExcludeNames.Contains(name, StringComparer.Ordinal) || policy.ExcludePaths.Any(e => RelativePath.IsUnder(path, e)))
                {
                    continue;
                }

                var holds = holdsWatchPath && watch.Any(w => RelativePath.IsUnder(w, path));
                if (holdsWatchPath && !holds)
                {
                    unwatched.Add(path);
                }

                stack.Push((path, holds));
            }
        }

        unwatched.Sort(StringComparer.Ordinal);
        return new WatchCoverage(missing, unwatched, files);
    }

    /// <summary>The names in a folder, and whether each is a real folder (a symlink never is); nothing when it cannot be listed.</summary>
    private static List<(string Name, bool IsFolder)> List(string directory)
    {
        try
        {
            return new FileSystemEnumerable<(string, bool)>(
                directory,
                (ref FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0),
                new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true }).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

using BrainRepo.Core.Model;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Snapshots;

public sealed partial class SnapshotEngine
{
    /// <summary>
    /// A watch path that is not a folder on disk and that no snapshot ever held (a typo such as "memroy", a preset
    /// folder this workspace does not have) is a configuration error, raised before anything is written: otherwise the
    /// snapshot would hold nothing for it and the next push would send that. A watch path that an earlier snapshot
    /// held keeps its subtree instead (watch-path-missing, an incomplete snapshot), as an unmounted disk must.
    /// </summary>
    /// <exception cref="ConfigException">A missing watch path is in no snapshot.</exception>
    private void RefuseUnknownMissingWatchPaths(InventoryResult inventory, Baseline baseline, string? head)
    {
        if (inventory.MissingWatchPaths.Count == 0)
        {
            return;
        }

        SnapshotReport? lastReport = null;
        var unknown = new List<(string Path, string Said)>();
        foreach (var (path, _) in inventory.MissingWatchPaths)
        {
            var stat = NativeStat.LStat(RelativePath.ToAbsolute(config.WorkspaceRoot, path));
            if (!stat.IsGone && !stat.Exists)
            {
                continue; // there, but unreadable as a whole: a health problem, not a typo
            }

            if (baseline.Files.Keys.Any(p => RelativePath.IsUnder(p, path)))
            {
                continue; // an earlier snapshot holds its files: they are carried forward
            }

            lastReport ??= head is null ? null : repository.ReadReport(head);
            var walkedBefore = lastReport is not null
                && lastReport.WatchPaths.Contains(path, StringComparer.Ordinal)
                && !lastReport.Entries.Any(e => e.IsDirectory && e.Path == path && e.Disposition == Disposition.WatchPathMissing);
            if (!walkedBefore)
            {
                unknown.Add((path, Describe(path, stat)));
            }
        }

        if (unknown.Count > 0)
        {
            var configured = config.Policy.WatchPaths.ToList();
            var named = string.Join("; ", unknown.OrderBy(u => configured.IndexOf(u.Path)).Select(u => u.Said));
            var held = unknown.Count == 1 ? "and no snapshot ever held it" : "and no snapshot ever held any of them";
            throw new ConfigException(
                $"{config.ConfigFile}: key 'watch_paths' names {named}, {held} (a typo, or a folder this workspace does not have?). "
                + "Nothing was backed up or changed. Fix: correct the path in watch_paths, remove it, or create the folder.",
                config.ConfigFile,
                "watch_paths");
        }
    }

    private string Describe(string path, StatResult stat)
    {
        var what = stat.Exists ? $"'{path}', which is not a folder" : $"'{path}', which does not exist";
        var guess = ClosestSibling(path);
        return guess is null ? what : $"{what} (did you mean '{guess}'?)";
    }

    /// <summary>A folder next to <paramref name="path"/> whose name is at most two edits away, if there is one.</summary>
    private string? ClosestSibling(string path)
    {
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? "" : path[..slash];
        var name = RelativePath.Name(path);
        try
        {
            return new DirectoryInfo(RelativePath.ToAbsolute(config.WorkspaceRoot, parent)).EnumerateDirectories()
                .Select(d => (d.Name, Distance: EditDistance(name.ToLowerInvariant(), d.Name.ToLowerInvariant())))
                .Where(d => d.Distance <= Math.Min(2, name.Length / 2))
                .OrderBy(d => d.Distance).ThenBy(d => d.Name, StringComparer.Ordinal)
                .Select(d => RelativePath.Combine(parent, d.Name))
                .FirstOrDefault();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Levenshtein distance, with a swap of two neighbours counted as one edit ("memroy" → "memory").</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

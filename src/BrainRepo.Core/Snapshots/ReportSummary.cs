using BrainRepo.Core.Model;

namespace BrainRepo.Core.Snapshots;

/// <summary>
/// A report too long to read path by path, summed up: per disposition, the entries grouped by folder (two levels
/// deep), largest first. A disposition with few entries keeps them all.
/// </summary>
public static class ReportSummary
{
    /// <summary>A disposition with at most this many entries lists each of them.</summary>
    public const int ListedInFull = 10;

    /// <summary>The entries of <paramref name="report"/> by disposition, in the order of <see cref="Disposition"/>.</summary>
    public static IReadOnlyList<IGrouping<Disposition, ReportEntry>> ByDisposition(SnapshotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Entries.GroupBy(e => e.Disposition).OrderBy(g => g.Key).ToList();
    }

    /// <summary><paramref name="entries"/> grouped by folder, the largest group first.</summary>
    public static IReadOnlyList<ReportFolderGroup> ByFolder(IEnumerable<ReportEntry> entries) =>
        entries
            .GroupBy(e => FolderOf(e.Path, e.IsDirectory), StringComparer.Ordinal)
            .Select(g => new ReportFolderGroup(g.Key, g.Count(), g.Select(e => e.Rule).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Folder, StringComparer.Ordinal)
            .ToList();

    /// <summary>The folder a path is summed up under: its parent, cut at two levels (an excluded folder counts as its own).</summary>
    public static string FolderOf(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        var depth = Math.Min(isDirectory ? parts.Length : parts.Length - 1, 2);
        return depth == 0 ? "./" : string.Join('/', parts.Take(depth)) + "/";
    }
}

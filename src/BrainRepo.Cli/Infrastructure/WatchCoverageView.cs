using BrainRepo.Core.Inventory;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>How <c>init</c>, <c>verify</c> and <c>report</c> show what the watch paths leave out of a workspace.</summary>
public static class WatchCoverageView
{
    /// <summary>The first few of <paramref name="paths"/> as folders ("notes/, scripts/ and 3 more").</summary>
    public static string Folders(IReadOnlyList<string> paths, int max = 5) =>
        string.Join(", ", paths.Take(max).Select(f => f + "/")) + (paths.Count > max ? $" and {paths.Count - max} more" : "");

    /// <summary>"N files outside every watch path are not backed up (notes/, scripts/)", or null when there are none.</summary>
    public static string? Outside(WatchCoverage? coverage) =>
        coverage is not { FilesOutside: > 0 } c ? null
        : $"{c.FilesOutside} files of the workspace lie outside every watch path and are not backed up"
          + (c.UnwatchedFolders.Count == 0 ? "" : $" (unwatched folders: {Folders(c.UnwatchedFolders)})");
}

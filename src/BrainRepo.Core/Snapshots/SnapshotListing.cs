using BrainRepo.Core.Storage;
using BrainRepo.Core.Model;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Snapshots;

/// <summary>The files of a snapshot, for <c>ls</c>: all of them, or those under a workspace-relative path.</summary>
public static class SnapshotListing
{
    /// <summary>
    /// The files of <paramref name="commit"/> under <paramref name="path"/> (every file when it is null or "."),
    /// sorted by path.
    /// </summary>
    /// <exception cref="PathNotInSnapshotException">The path matches nothing in the snapshot.</exception>
    public static IReadOnlyList<TrackedFile> Under(IBackupRepository repository, string commit, string? path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var files = repository.ReadFiles(commit, cancellationToken).Values;
        var prefix = path is null or "." or "./" ? "" : RelativePath.Normalize(path, out _);
        var listed = prefix is null
            ? []
            : files.Where(f => RelativePath.IsUnder(f.Path, prefix)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (listed.Count == 0 && prefix is not "")
        {
            throw PathNotInSnapshotException.For(path!, commit, files.Select(f => f.Path));
        }

        return listed;
    }
}

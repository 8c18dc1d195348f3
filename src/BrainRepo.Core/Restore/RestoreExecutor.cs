using BrainRepo.Core.Platform;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Executes a checked <see cref="RestorePlan"/>. Every file is verified against its blob id and written
/// through staging and an atomic rename: a file of an existing folder to a staging file next to it,
/// renamed into place; a new folder whole, inside a staging folder renamed into place once complete. A
/// reader sees the old file or the new one (or no folder, then the complete one), never a torn one (see
/// RestoreExecutor.Write.cs for the pipeline and its durability rules). Every parent folder is lstat'ed
/// (or created) before use, and files are created relative to a folder descriptor opened without
/// following symlinks, so nothing is ever written through a symlink inside the target. Deletions come
/// first, then writes.
/// <paramref name="readContent"/>, when given, supplies an action's bytes instead of its stored blob (sealed
/// files: the decrypted content) and returns null for the others; the bytes written are still verified
/// against the action's blob id.
/// </summary>
public sealed partial class RestoreExecutor(IBackupRepository repository, TimeProvider time, ILogger logger, Func<RestoreAction, byte[]?>? readContent = null)
{
    private readonly HashSet<string> safeDirectories = new(StringComparer.Ordinal);
    private readonly HashSet<string> touchedDirectories = new(StringComparer.Ordinal); // guarded by itself
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> createdStagedFolders = new(StringComparer.Ordinal); // written under its own lock

    /// <summary>
    /// Runs the plan. <paramref name="preserve"/>, when given, names paths whose current content is in
    /// no snapshot; each is copied under <paramref name="preserveRoot"/> before it is replaced or deleted.
    /// </summary>
    public RestoreResult Execute(
        RestorePlan plan,
        IReadOnlySet<string>? preserve,
        string? preserveRoot,
        IProgress<RestoreProgress>? progress,
        CancellationToken cancellationToken)
    {
        plan.EnsureSafe();
        var start = time.GetTimestamp();
        var root = plan.TargetRoot;
        Directory.CreateDirectory(root);
        safeDirectories.Add("");
        var preserved = Preserve(plan, preserve, preserveRoot, cancellationToken);

        var deletes = plan.Actions.Where(a => a.Kind == RestoreActionKind.Delete).OrderByDescending(a => a.Path, StringComparer.Ordinal).ToList();
        var done = 0;
        foreach (var action in deletes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DeleteOne(root, action.Path);
            progress?.Report(new RestoreProgress("delete", ++done, deletes.Count, 0));
        }

        var writes = plan.Actions.Where(a => a.Kind is RestoreActionKind.Create or RestoreActionKind.Overwrite).ToList();
        var (written, bytes) = WriteAll(root, writes, progress, cancellationToken);
        MakeDurable(root);
        progress?.Report(new RestoreProgress("write", written, writes.Count, bytes));
        logger.RestoreDone(plan.Commit, root, written, deletes.Count);
        return new RestoreResult
        {
            Plan = plan,
            Written = written,
            Deleted = deletes.Count,
            BytesWritten = bytes,
            Preserved = preserved,
            Duration = time.GetElapsedTime(start),
        };
    }

    private void DeleteOne(string root, string path)
    {
        EnsureDirectory(root, RelativePath.Parent(path));
        var absolute = RelativePath.ToAbsolute(root, path);
        var stat = NativeStat.LStat(absolute);
        if (stat.Exists && stat.Kind is EntryKind.File or EntryKind.Symlink)
        {
            File.Delete(absolute); // unlink(2): a symlink itself is removed, its target is not touched
            Touched(RelativePath.Parent(path));
        }
    }

    /// <summary>Checks each component of <paramref name="dir"/> with lstat: all must be real folders.</summary>
    private void EnsureDirectory(string root, string dir)
    {
        if (safeDirectories.Contains(dir))
        {
            return;
        }

        var prefix = "";
        foreach (var part in dir.Split('/'))
        {
            prefix = RelativePath.Combine(prefix, part);
            if (!safeDirectories.Contains(prefix))
            {
                CheckFolder(prefix, NativeStat.LStat(RelativePath.ToAbsolute(root, prefix)));
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="dir"/> ready for writing. Each existing component is checked with lstat (a
    /// symlink or file in the way stops the restore). With <paramref name="folderStaging"/> the first missing
    /// component is created as a fresh staging folder next to it, and everything below it inside that
    /// (see <see cref="PlaceFolders"/>); otherwise missing folders are created in place, one level at a time.
    /// </summary>
    private void PrepareDirectory(string root, string dir, bool folderStaging)
    {
        if (safeDirectories.Contains(dir) || stagedFolders.ContainsKey(dir))
        {
            return;
        }

        var parent = "";
        foreach (var part in dir.Split('/'))
        {
            var prefix = RelativePath.Combine(parent, part);
            if (safeDirectories.Contains(prefix) || stagedFolders.ContainsKey(prefix))
            {
                parent = prefix;
                continue;
            }

            if (stagedFolders.TryGetValue(parent, out var parentLocation))
            {
                // Below a new folder: made inside its staging folder, which this restore created, by the
                // worker that first writes there (EnsureStagedFolder), so these mkdirs run on every core.
                stagedFolders[prefix] = RelativePath.Combine(parentLocation, part);
                parent = prefix;
                continue;
            }

            var absolute = RelativePath.ToAbsolute(root, prefix);
            var stat = NativeStat.LStat(absolute);
            if (!stat.Exists && stat.IsGone && folderStaging)
            {
                var staging = RelativePath.Combine(parent, RestoreStaging.Name(runId, Interlocked.Increment(ref stagingCounter), folder: true));
                MakeStagedFolder(root, prefix, staging);
                stagedTops.Add((prefix, staging));
                parent = prefix;
                continue;
            }

            if (!stat.Exists && stat.IsGone)
            {
                Directory.CreateDirectory(absolute);
                Touched(parent);
                stat = NativeStat.LStat(absolute);
            }

            CheckFolder(prefix, stat);
            parent = prefix;
        }
    }

    /// <summary>mkdir of a folder of a new subtree at <paramref name="location"/>; fails if anything at all is there.</summary>
    private void MakeStagedFolder(string root, string folder, string location)
    {
        var absolute = RelativePath.ToAbsolute(root, location);
        var errno = NativeFileSystem.MakeDirectory(absolute);
        if (errno != 0)
        {
            throw new IOException($"Could not create the folder '{absolute}': {NativeFileSystem.Describe(errno)}.", errno);
        }

        stagedFolders[folder] = location;
        createdStagedFolders[folder] = 0;
        Touched(folder);
    }

    /// <summary>Creates a folder of a new subtree inside its staging folder, and any of its parents not made yet (any worker, once).</summary>
    private void EnsureStagedFolder(string root, string folder)
    {
        if (createdStagedFolders.ContainsKey(folder))
        {
            return;
        }

        lock (createdStagedFolders)
        {
            var parent = RelativePath.Parent(folder);
            if (stagedFolders.ContainsKey(parent))
            {
                EnsureStagedFolder(root, parent);
            }

            if (!createdStagedFolders.ContainsKey(folder))
            {
                MakeStagedFolder(root, folder, stagedFolders[folder]);
            }
        }
    }

    private void CheckFolder(string prefix, StatResult stat)
    {
        if (!stat.Exists || stat.Kind != EntryKind.Directory)
        {
            throw new RestoreRefusedException([new RestoreProblem(prefix, stat.Kind == EntryKind.Symlink
                ? "became a symlink on disk after the plan was made; restore stopped rather than write through it"
                : "is not a folder on disk any more; restore stopped")]);
        }

        safeDirectories.Add(prefix);
    }

    private List<string> Preserve(RestorePlan plan, IReadOnlySet<string>? preserve, string? preserveRoot, CancellationToken cancellationToken)
    {
        var kept = new List<string>();
        if (preserve is null || preserveRoot is null || preserve.Count == 0)
        {
            return kept;
        }

        foreach (var action in plan.Actions.Where(a => a.Kind is RestoreActionKind.Overwrite or RestoreActionKind.Delete && preserve.Contains(a.Path)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            EnsureDirectory(plan.TargetRoot, RelativePath.Parent(action.Path));
            var source = RelativePath.ToAbsolute(plan.TargetRoot, action.Path);
            var copy = Path.Combine(preserveRoot, action.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            var stat = NativeStat.LStat(source);
            if (stat.Kind == EntryKind.Symlink)
            {
                File.CreateSymbolicLink(copy, new FileInfo(source).LinkTarget ?? "");
            }
            else if (stat.Kind == EntryKind.File)
            {
                File.Copy(source, copy, overwrite: true);
            }
            else
            {
                continue;
            }

            kept.Add(action.Path);
        }

        return kept;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes a staging folder of this restore and everything in it (symlinks are removed, never followed).</summary>
    private static void TryDeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
}

using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Executes a checked <see cref="RestorePlan"/>. Each file is written to a staging file in its own
/// folder, verified against its blob id, and renamed into place: a reader sees the old file or the new
/// one, never a torn one (see RestoreExecutor.Write.cs for the pipeline and its durability rules). Every
/// parent folder is lstat'ed (or created) before use, so nothing is ever written through a symlink
/// inside the target. Deletions come first, then writes.
/// <paramref name="readContent"/>, when given, supplies an action's bytes instead of its stored blob (sealed
/// files: the decrypted content) and returns null for the others; the bytes written are still verified
/// against the action's blob id.
/// </summary>
public sealed partial class RestoreExecutor(IBackupRepository repository, TimeProvider time, ILogger logger, Func<RestoreAction, byte[]?>? readContent = null)
{
    private readonly HashSet<string> safeDirectories = new(StringComparer.Ordinal);
    private readonly HashSet<string> touchedDirectories = new(StringComparer.Ordinal); // guarded by itself

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

/// <paramref name="readContent"/>, when given, supplies an action's bytes instead of its stored blob (sealed
/// files: the decrypted content) and returns null for the others; the bytes written are still verified
/// against the action's blob id.
    private void DeleteOne(string root, string path)
    {
        EnsureDirectory(root, RelativePath.Parent(path), create: false);
        var absolute = RelativePath.ToAbsolute(root, path);
        var stat = NativeStat.LStat(absolute);
        if (stat.Exists && stat.Kind is EntryKind.File or EntryKind.Symlink)
        {
            File.Delete(absolute); // unlink(2): a symlink itself is removed, its target is not touched
            Touched(RelativePath.Parent(path));
        }
    }

    /// <summary>Checks each component of <paramref name="dir"/> with lstat, creating missing folders one level at a time.</summary>
    private void EnsureDirectory(string root, string dir, bool create = true)
    {
        if (safeDirectories.Contains(dir))
        {
            return;
        }

        var prefix = "";
        foreach (var part in dir.Split('/'))
        {
            prefix = RelativePath.Combine(prefix, part);
            if (safeDirectories.Contains(prefix))
            {
                continue;
            }

            var absolute = RelativePath.ToAbsolute(root, prefix);
            var stat = NativeStat.LStat(absolute);
            if (!stat.Exists && stat.IsGone && create)
            {
                Directory.CreateDirectory(absolute);
                stat = NativeStat.LStat(absolute);
            }

            if (!stat.Exists || stat.Kind != EntryKind.Directory)
            {
                throw new RestoreRefusedException([new RestoreProblem(prefix, stat.Kind == EntryKind.Symlink
                    ? "became a symlink on disk after the plan was made; restore stopped rather than write through it"
                    : "is not a folder on disk any more; restore stopped")]);
            }

            safeDirectories.Add(prefix);
        }
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
            EnsureDirectory(plan.TargetRoot, RelativePath.Parent(action.Path), create: false);
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

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
}

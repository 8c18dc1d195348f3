using BrainRepo.Core.Model;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
using BrainRepo.Core.Policy;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Inventory;

/// <summary>
/// Walks the watch paths with lstat semantics: symlinks are recorded, never followed, so the walk
/// cannot leave the workspace. Every entry seen ends up either in <see cref="InventoryResult.Files"/>
/// or as a <see cref="ReportEntry"/>; an unreadable folder is recorded and its siblings still walked.
/// </summary>
public sealed class InventoryWalker(string workspaceRoot, SnapshotPolicy policy)
{
    private static readonly EnumerationOptions ListOptions = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        AttributesToSkip = 0,
    };

    public InventoryResult Walk(IReadOnlyList<string> watchPaths, CancellationToken cancellationToken)
    {
        var result = new InventoryResult();
        result.WatchPaths.AddRange(EffectiveWatchPaths(watchPaths));
        foreach (var watch in result.WatchPaths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ignoreFiles = LoadAncestorIgnoreFiles(watch);
            if (watch.Length > 0)
            {
                var verdict = policy.ClassifyDirectory(watch, ignoreFiles);
                if (verdict is not null)
                {
                    result.Entries.Add(new ReportEntry(watch, verdict.Disposition, verdict.Rule, IsDirectory: true));
                    continue;
                }
            }

            var stat = NativeStat.LStat(RelativePath.ToAbsolute(workspaceRoot, watch));
            if (!stat.Exists || stat.Kind != EntryKind.Directory)
            {
                var reason = stat.Exists ? "is not a folder" : stat.IsGone ? "does not exist" : $"cannot be read (errno {stat.Errno})";
                result.MissingWatchPaths.Add((watch, reason));
                continue;
            }

            WalkDirectory(watch, ignoreFiles, result, cancellationToken);
        }

        return result;
    }

    /// <summary>Removes duplicates and watch paths that lie below another watch path.</summary>
    public static List<string> EffectiveWatchPaths(IReadOnlyList<string> watchPaths)
    {
        var sorted = watchPaths.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length).ThenBy(p => p, StringComparer.Ordinal).ToList();
        var effective = new List<string>();
        foreach (var path in sorted)
        {
            if (!effective.Any(e => RelativePath.IsUnder(path, e)))
            {
                effective.Add(path);
            }
        }

        return effective;
    }

    private List<BrainIgnoreFile> LoadAncestorIgnoreFiles(string watch)
    {
        // .brainignore files in folders above a watch path still apply to it.
        var files = new List<BrainIgnoreFile>();
        var dir = "";
        var parts = watch.Length == 0 ? [] : watch.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var file = TryLoadIgnoreFile(dir);
            if (file is not null)
            {
                files.Add(file);
            }

            dir = RelativePath.Combine(dir, parts[i]);
        }

        return files;
    }

    private BrainIgnoreFile? TryLoadIgnoreFile(string directory)
    {
        var path = Path.Combine(RelativePath.ToAbsolute(workspaceRoot, directory), BrainIgnoreFile.FileName);
        try
        {
            var stat = NativeStat.LStat(path);
            return stat.Exists && stat.Kind == EntryKind.File ? BrainIgnoreFile.Parse(directory, File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable .brainignore excludes nothing: the safe direction is to back up more.
            return null;
        }
    }

    /// <summary>
    /// Lists the watch path itself, then walks its sub-folders in parallel (one sequential walk per
    /// sub-folder, merged at the end): on a warm cache the walk is bound by lstat calls, not by the disk.
    /// </summary>
    private void WalkDirectory(string root, List<BrainIgnoreFile> rootIgnores, InventoryResult result, CancellationToken cancellationToken)
    {
        var top = new Stack<(string Dir, List<BrainIgnoreFile> Ignores)>();
        top.Push((root, rootIgnores));
        WalkSequential(top, result, cancellationToken, levels: 1);
        var subtrees = top.ToList();
        var gate = new object();
        Parallel.ForEach(
            subtrees,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            () => new InventoryResult(),
            (subtree, _, local) =>
            {
                var stack = new Stack<(string Dir, List<BrainIgnoreFile> Ignores)>();
                stack.Push(subtree);
                WalkSequential(stack, local, cancellationToken, levels: int.MaxValue);
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    result.Files.AddRange(local.Files);
                    result.Entries.AddRange(local.Entries);
                    result.UnreadableDirectories.AddRange(local.UnreadableDirectories);
                }
            });
    }

    /// <summary>Walks folders from <paramref name="stack"/>; after <paramref name="levels"/> folders the rest stay on the stack.</summary>
    private void WalkSequential(Stack<(string Dir, List<BrainIgnoreFile> Ignores)> stack, InventoryResult result, CancellationToken cancellationToken, int levels)
    {
        while (stack.Count > 0 && levels-- > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dir, inherited) = stack.Pop();
            var absDir = RelativePath.ToAbsolute(workspaceRoot, dir);
            if (!List(dir, absDir, result, out var dirFd, out var entries))
            {
                continue;
            }

            var ignores = inherited;
            if (entries.Exists(e => e.Name == BrainIgnoreFile.FileName))
            {
                var own = TryLoadIgnoreFile(dir);
                if (own is not null)
                {
                    ignores = [.. inherited, own];
                }
            }

            try
            {
                for (var i = entries.Count - 1; i >= 0; i--)
                {
                    VisitEntry(dir, absDir, dirFd, entries[i], ignores, result, stack);
                }
            }
            finally
            {
                NativeStat.CloseDirectory(dirFd);
            }
        }
    }

    /// <summary>
    /// The entries of <paramref name="dir"/>, sorted by name, and a descriptor of it for the stats (-1 without one).
    /// False when it is gone (its files are then checked one by one later) or unreadable (recorded here).
    /// </summary>
    private static bool List(string dir, string absDir, InventoryResult result, out int dirFd, out List<DirectoryListing.Entry> entries)
    {
        entries = [];
        dirFd = -1;
        if (DirectoryListing.Supported)
        {
            dirFd = DirectoryListing.Open(absDir, out var errno);
            if (dirFd >= 0)
            {
                errno = DirectoryListing.Read(dirFd, entries);
                if (errno != 0)
                {
                    NativeStat.CloseDirectory(dirFd);
                    dirFd = -1;
                }
            }

            if (errno != 0)
            {
                if (!DirectoryListing.IsGone(errno))
                {
                    result.UnreadableDirectories.Add(dir);
                    result.Entries.Add(new ReportEntry(dir, Disposition.Unreadable, "filesystem", IsDirectory: true, Detail: $"cannot list folder: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})"));
                }

                return false;
            }
        }
        else
        {
            try
            {
                foreach (var name in new FileSystemEnumerable<string>(absDir, (ref FileSystemEntry e) => e.FileName.ToString(), ListOptions))
                {
                    entries.Add(new DirectoryListing.Entry(name, 0));
                }
            }
            catch (DirectoryNotFoundException)
            {
                // Vanished between being listed and being opened: its files are checked one by one later.
                return false;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                result.UnreadableDirectories.Add(dir);
                result.Entries.Add(new ReportEntry(dir, Disposition.Unreadable, "filesystem", IsDirectory: true, Detail: "cannot list folder: " + ex.GetType().Name));
                return false;
            }

            dirFd = NativeStat.OpenDirectory(absDir);
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return true;
    }

    private void VisitEntry(string dir, string absDir, int dirFd, DirectoryListing.Entry entry, List<BrainIgnoreFile> ignores, InventoryResult result, Stack<(string, List<BrainIgnoreFile>)> stack)
    {
        var name = entry.Name;
        var path = RelativePath.Combine(dir, name);
        if (name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            result.Entries.Add(new ReportEntry(path, Disposition.Unreadable, "filesystem", Detail: "file name is not valid UTF-8"));
            return;
        }

        // A folder is known from its listing: it needs no stat (its own listing finds out if it is gone).
        var stat = entry.Type == DirectoryListing.TypeDirectory ? new StatResult(0, EntryKind.Directory, false, default)
            : dirFd >= 0 ? NativeStat.LStatAt(dirFd, name, absDir)
            : NativeStat.LStat(Path.Combine(absDir, name));
        if (!stat.Exists)
        {
            if (!stat.IsGone)
            {
                result.Entries.Add(new ReportEntry(path, Disposition.Unreadable, "filesystem", Detail: $"lstat failed (errno {stat.Errno})"));
            }

            // Gone between the listing and the lstat: handled like any other vanished path.
            return;
        }

        if (stat.Kind == EntryKind.Directory)
        {
            var verdict = policy.ClassifyDirectory(path, ignores);
            if (verdict is not null)
            {
                result.Entries.Add(new ReportEntry(path, verdict.Disposition, verdict.Rule, IsDirectory: true));
                return;
            }

            stack.Push((path, ignores));
            return;
        }

        var fileVerdict = policy.ClassifyFile(path, ignores);
        if (fileVerdict is not null)
        {
            result.Entries.Add(new ReportEntry(path, fileVerdict.Disposition, fileVerdict.Rule));
            return;
        }

        if (stat.Kind == EntryKind.Other)
        {
            result.Entries.Add(new ReportEntry(path, Disposition.Excluded, "special-file", Detail: "fifo, socket or device"));
            return;
        }

        result.Files.Add(new WalkedFile(path, stat.Kind, stat.Executable, stat.Stamp));
    }
}

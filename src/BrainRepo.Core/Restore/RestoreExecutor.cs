using System.Security.Cryptography;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Executes a checked <see cref="RestorePlan"/>. Each file is written to a staging file in its own
/// folder, verified against its blob id, flushed, and renamed over the target: a reader sees the old
/// file or the new one, never a torn one. Every parent folder is lstat'ed (or created) before use, so
/// nothing is ever written through a symlink inside the target. Deletions come first, then writes.
/// </summary>
public sealed partial class RestoreExecutor(IBackupRepository repository, TimeProvider time, ILogger logger)
{
    private const int BatchFiles = 512;
    private const long BatchBytes = 64L * 1024 * 1024;

    private readonly HashSet<string> safeDirectories = new(StringComparer.Ordinal);
    private readonly HashSet<string> touchedDirectories = new(StringComparer.Ordinal);

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
        long bytes = 0;
        var written = 0;
        var batch = new List<Staged>();
        long batchBytes;
        try
        {
            foreach (var chunk in Chunks(writes))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var action in chunk)
                {
                    EnsureDirectory(root, RelativePath.Parent(action.Path));
                }

                // Staging is independent per file: read, write and verify in parallel; renames stay sequential.
                var staged = new Staged?[chunk.Count];
                var t0 = time.GetTimestamp();
                try
                {
                    Parallel.For(0, chunk.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, i => staged[i] = Stage(root, chunk[i]));
                }
                finally
                {
                    batch.AddRange(staged.OfType<Staged>());
                }

                stageTicks += time.GetTimestamp() - t0;

                batchBytes = chunk.Sum(a => a.Size);
                Commit(root, batch);
                written += batch.Count;
                bytes += batchBytes;
                batch.Clear();
                progress?.Report(new RestoreProgress("write", written, writes.Count, bytes));
            }
        }
        finally
        {
            foreach (var s in batch)
            {
                TryDelete(s.StagingPath);
            }
        }

        var t1 = time.GetTimestamp();
        foreach (var dir in touchedDirectories)
        {
            NativeFileSystem.FsyncDirectory(RelativePath.ToAbsolute(root, dir));
        }

        logger.RestorePhase("stage (wall)", Ms(stageTicks), written);
        logger.RestorePhase("  read blobs (sum over threads)", Ms(readTicks), written);
        logger.RestorePhase("  write (sum over threads)", Ms(writeTicks), written);
        logger.RestorePhase("  hash back (sum over threads)", Ms(hashTicks), written);
        logger.RestorePhase("flush", Ms(flushTicks), written);
        logger.RestorePhase("rename", Ms(renameTicks), written);
        logger.RestorePhase("fsync folders", time.GetElapsedTime(t1).TotalMilliseconds, touchedDirectories.Count);

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

    private long stageTicks, readTicks, writeTicks, hashTicks, flushTicks, renameTicks;

    private double Ms(long ticks) => ticks * 1000.0 / time.TimestampFrequency;

    private static int Parallelism => Math.Clamp(Environment.ProcessorCount * 2, 2, 16);

    private static IEnumerable<List<RestoreAction>> Chunks(List<RestoreAction> writes)
    {
        var chunk = new List<RestoreAction>();
        long size = 0;
        foreach (var action in writes)
        {
            chunk.Add(action);
            size += action.Size;
            if (chunk.Count >= BatchFiles || size >= BatchBytes)
            {
                yield return chunk;
                chunk = [];
                size = 0;
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private sealed record Staged(string StagingPath, string FinalPath, string Directory);

    /// <summary>Writes one file or symlink to a fresh staging name next to its target, and verifies it.</summary>
    private Staged Stage(string root, RestoreAction action)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Restore writes POSIX modes and symlinks; it runs on Linux and macOS.");
        }

        var dir = RelativePath.Parent(action.Path); // checked by EnsureDirectory before staging
        var absDir = RelativePath.ToAbsolute(root, dir);
        var staging = Path.Combine(absDir, ".brainrepo-restore-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp");
        var final = RelativePath.ToAbsolute(root, action.Path);
        // Not hashed here: the copy on disk is hashed below, which also catches a corrupt object.
        var r0 = time.GetTimestamp();
        var content = repository.ReadBlob(action.BlobId!);
        Interlocked.Add(ref readTicks, time.GetTimestamp() - r0);
        try
        {
            string actual;
            if (action.Mode == GitFileMode.Symlink)
            {
                var target = System.Text.Encoding.UTF8.GetString(content);
                File.CreateSymbolicLink(staging, target);
                actual = GitBlobHash.OfLink(new FileInfo(staging).LinkTarget ?? "");
            }
            else
            {
                var mode = action.Mode == GitFileMode.Executable ? Executable : Regular;
                // CreateNew is O_CREAT|O_EXCL: it never opens an existing file or follows a symlink.
                var w0 = time.GetTimestamp();
                using (var handle = File.OpenHandle(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None))
                {
                    RandomAccess.Write(handle, content, 0);
                    File.SetUnixFileMode(handle, mode); // exact 644/755, whatever the umask
                }

                var h0 = time.GetTimestamp();
                Interlocked.Add(ref writeTicks, h0 - w0);
                actual = GitBlobHash.OfFile(staging);
                Interlocked.Add(ref hashTicks, time.GetTimestamp() - h0);
            }

            if (actual != action.BlobId)
            {
                throw new BrainRepoException(ErrorCodes.RestoreVerifyFailed, $"'{action.Path}' did not read back as written (blob {actual}, expected {action.BlobId}); the disk may be failing. The file was not replaced.");
            }
        }
        catch
        {
            TryDelete(staging);
            throw;
        }

        return new Staged(staging, final, dir);
    }

    /// <summary>Flushes a batch of staged files to disk at once, then renames each over its target.</summary>
    private void Commit(string root, List<Staged> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var f0 = time.GetTimestamp();
        if (!NativeFileSystem.SyncFileSystem(root))
        {
            foreach (var s in batch.Where(s => new FileInfo(s.StagingPath).LinkTarget is null))
            {
                using var fs = new FileStream(s.StagingPath, FileMode.Open, FileAccess.ReadWrite);
                fs.Flush(flushToDisk: true);
            }
        }

        var f1 = time.GetTimestamp();
        flushTicks += f1 - f0;
        foreach (var s in batch)
        {
            // rename(2) replaces a file or symlink at the final name; it never follows one.
            NativeFileSystem.Rename(s.StagingPath, s.FinalPath);
            touchedDirectories.Add(s.Directory);
        }

        renameTicks += time.GetTimestamp() - f1;
    }

    private void DeleteOne(string root, string path)
    {
        EnsureDirectory(root, RelativePath.Parent(path), create: false);
        var absolute = RelativePath.ToAbsolute(root, path);
        var stat = NativeStat.LStat(absolute);
        if (stat.Exists && stat.Kind is EntryKind.File or EntryKind.Symlink)
        {
            File.Delete(absolute); // unlink(2): a symlink itself is removed, its target is not touched
            touchedDirectories.Add(RelativePath.Parent(path));
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

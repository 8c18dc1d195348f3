using BrainRepo.Core.Model;
using BrainRepo.Core.Platform;
using BrainRepo.Core.Storage;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Restore;

/// <summary>
/// The write pipeline. A few workers each claim the next run of files in plan order, read each blob
/// into their own reused buffer (<see cref="IBackupRepository.ReadBlob(string, long, ref byte[])"/>, in
/// process, on every core at once), hash it in memory against its id and write exactly those bytes
/// (O_CREAT|O_EXCL|O_NOFOLLOW, exact mode), each relative to a descriptor of its folder opened without
/// following any symlink:
/// <list type="bullet">
/// <item>a folder that does <b>not exist yet</b> is built whole inside a staging folder next to it
/// (<c>.brainrepo-restore-…dir</c>, same file system), its files created directly at their final names;
/// when every file is written, the staging folder is renamed into place with
/// <c>renameat2(RENAME_NOREPLACE)</c>: one atomic rename per new top folder, which can never replace
/// anything. If a folder of that name appeared meanwhile, the restore stops and leaves it alone.</item>
/// <item>in an <b>existing</b> folder each file goes to a fresh staging name next to its target. A
/// <b>create</b> (nothing was at the path when planned) is renamed at once with
/// <c>renameat2(RENAME_NOREPLACE)</c>: it can never replace anything, so nothing needs to be durable
/// first. If something appeared at the path since the plan, it is handled as an overwrite.</item>
/// <item>an <b>overwrite</b> waits in a batch (512 files or 64 MiB); the batch is flushed to disk
/// (one <c>syncfs</c>, or <c>fsync</c> per file where that is unavailable) before its renames, so an
/// existing file is never replaced by data that a crash could lose.</item>
/// </list>
/// When everything is in place one <c>syncfs</c> makes the new files and all folder entries durable
/// before the restore reports success (<c>fsync</c> of each new file and touched folder where syncfs is
/// unavailable). Off Linux, files are written by path and every new folder is created in place.
/// </summary>
public sealed partial class RestoreExecutor
{
    private const int BatchFiles = 512;
    private const long BatchBytes = 64L * 1024 * 1024;
    private const int ClaimFiles = 32;

    private readonly string runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly object pendingGate = new();
    private readonly object commitGate = new();
    private readonly object progressGate = new();
    private readonly ConcurrentQueue<Staged> placedUnflushed = new();
    private List<Staged> pending = [];
    private long pendingBytes;
    private long stagingCounter;
    private int writtenCount;
    private long writtenBytes;
    private long hashTicks;
    private long readTicks;
    private long createTicks;
    private long placeTicks;
    private long flushTicks;
    private long foldersPlacedTicks;
    private Exception? firstFailure;
    private int rootFd = -1;
    private int? umask; // read once per restore; an fchmod is skipped only when the umask cannot change the mode

    // New folders built inside staging folders: folder -> where it is built, relative to the target
    // (written by the folders phase only, read by the workers afterwards).
    private readonly Dictionary<string, string> stagedFolders = new(StringComparer.Ordinal);

    // The top-most new folders, each with its staging folder, in creation order; the first placedTops are in place.
    private readonly List<(string Folder, string Staging)> stagedTops = [];
    private int placedTops;

    private sealed record Staged(string StagingPath, string FinalPath, string Directory, long Size, bool IsLink);

    private static int Parallelism => Math.Clamp(Environment.ProcessorCount, 2, 8);

    private (int Written, long Bytes) WriteAll(string root, List<RestoreAction> writes, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            RemoveAbandonedStaging(root, [.. safeDirectories]);
            return (0, 0);
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Restore writes POSIX modes and symlinks; it runs on Linux and macOS.");
        }

        // Folder staging needs rename without replacing and descriptors for the *at calls (Linux).
        rootFd = NativeFileSystem.SupportsRenameNoReplace ? NativeFileSystem.OpenDirectory(root) : -1;
        umask = NativeFileSystem.ReadUmask();
        try
        {
            return RunPipeline(root, writes, progress, cancellationToken);
        }
        finally
        {
            // Whatever stopped the restore, no staging folder of it is left behind.
            for (var i = placedTops; i < stagedTops.Count; i++)
            {
                TryDeleteTree(RelativePath.ToAbsolute(root, stagedTops[i].Staging));
            }

            NativeFileSystem.CloseDirectory(rootFd);
            rootFd = -1;
        }
    }

    private (int Written, long Bytes) RunPipeline(string root, List<RestoreAction> writes, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        for (var i = 0; i < writes.Count; i++)
        {
            if (i % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            PrepareDirectory(root, RelativePath.Parent(writes[i].Path), folderStaging: rootFd >= 0);
        }

        started = Phase("folders", started, safeDirectories.Count + stagedFolders.Count);

        // One listing per existing folder, beside the writes rather than before them: it only removes names of
        // dead processes, and the writes only create names of this one.
        var existing = safeDirectories.ToList();
        var sweep = Task.Run(() => RemoveAbandonedStaging(root, existing), CancellationToken.None);
        try
        {
            return WriteAndPlace(root, writes, started, progress, cancellationToken);
        }
        finally
        {
            try
            {
                sweep.Wait(CancellationToken.None); // nothing of the restore runs on after it returns
            }
            catch (AggregateException)
            {
                // Best effort: what it could not remove, a later restore or sync removes.
            }
        }
    }

    private (int Written, long Bytes) WriteAndPlace(string root, List<RestoreAction> writes, long started, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Every worker claims the next run of files in plan order (neighbours share a folder, so its cursor
        // rarely moves), reads each blob itself into its own reused buffer, hashes it and writes it: the
        // repository is read on every core, with no hand-off between threads and no array per blob.
        var next = 0;
        var workers = Enumerable.Range(0, Parallelism).Select(_ => Task.Factory.StartNew(
            () =>
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                using var folder = new FolderCursor(this, root);
                byte[] buffer = [];
                try
                {
                    while (true)
                    {
                        var first = Interlocked.Add(ref next, ClaimFiles) - ClaimFiles;
                        if (first >= writes.Count)
                        {
                            break;
                        }

                        for (var i = first; i < Math.Min(first + ClaimFiles, writes.Count); i++)
                        {
                            stop.Token.ThrowIfCancellationRequested();
                            var action = writes[i];
                            var content = Read(action, ref buffer);
                            Verify(action, content, sha);
                            folder.MoveTo(RelativePath.Parent(action.Path));
                            if (folder.Staged)
                            {
                                WriteInStagedFolder(root, folder, action, content, progress, writes.Count);
                            }
                            else
                            {
                                var (staged, stagingName) = Stage(root, folder, action, content);
                                Place(root, folder, action, staged, stagingName, progress, writes.Count);
                            }
                        }
                    }
                }
                catch (Exception ex)
                {
                    Stop(ex, stop);
                    throw;
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        try
        {
            try
            {
                Task.WaitAll([.. workers]);
            }
            catch (AggregateException ex)
            {
                ExceptionDispatchInfo.Throw(FirstCause(ex, cancellationToken));
                throw;
            }

            List<Staged> rest;
            lock (pendingGate)
            {
                rest = pending;
                pending = [];
            }

            CommitBatch(root, rest, progress, writes.Count);
            PlaceFolders(root, cancellationToken);
        }
        finally
        {
            foreach (var s in pending)
            {
                TryDelete(s.StagingPath);
            }
        }

        Phase("stage and place (wall)", started, writtenCount);
        logger.RestorePhase("  read blobs (sum over workers)", Ms(readTicks), writes.Count);
        logger.RestorePhase("  hash in memory (sum over workers)", Ms(hashTicks), writes.Count);
        logger.RestorePhase("  create + write staging files (sum over workers)", Ms(createTicks), writes.Count);
        logger.RestorePhase("  rename into place (sum)", Ms(placeTicks), writes.Count);
        logger.RestorePhase("  new folders renamed into place", Ms(foldersPlacedTicks), stagedTops.Count);
        logger.RestorePhase("  flush before replacing (overwrite batches)", Ms(flushTicks), writes.Count - placedUnflushed.Count);
        return (writtenCount, writtenBytes);
    }

    /// <summary>
    /// Removes what a killed restore left in the existing folders this one writes to (their staging files, and the
    /// staging folders of new folders below them), when that restore's process is provably dead (<see cref="RestoreStaging"/>).
    /// </summary>
    private void RemoveAbandonedStaging(string root, List<string> folders)
    {
        var removed = 0;
        foreach (var dir in folders)
        {
            removed += RestoreStaging.RemoveAbandonedIn(RelativePath.ToAbsolute(root, dir), Coordination.LocalProcessProbe.Instance);
        }

        if (removed > 0)
        {
            logger.AbandonedStagingRemoved(removed, root);
        }
    }

    /// <summary>
    /// An action's bytes: a sealed file's come decrypted from the content hook (its blob id is the
    /// plaintext's, which is not in the repository); every other file is read from the repository into
    /// the worker's buffer, refusing anything larger than the size the plan checked.
    /// </summary>
    private ReadOnlySpan<byte> Read(RestoreAction action, ref byte[] buffer)
    {
        if (readContent?.Invoke(action) is { } supplied)
        {
            return supplied;
        }

        var t0 = time.GetTimestamp();
        var length = repository.ReadBlob(action.BlobId!, action.Size, ref buffer);
        Interlocked.Add(ref readTicks, time.GetTimestamp() - t0);
        return buffer.AsSpan(0, length);
    }

    /// <summary>Verifies one blob in memory: the bytes hashed here are exactly the ones written (no read-back, which would come from the page cache anyway).</summary>
    private void Verify(RestoreAction action, ReadOnlySpan<byte> content, IncrementalHash sha)
    {
        var t0 = time.GetTimestamp();
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        sha.AppendData(content);
        var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
        if (actual != action.BlobId)
        {
            throw new BrainRepoException(ErrorCodes.RestoreVerifyFailed, $"'{action.Path}' was not restored: its object {action.BlobId} in the backup repository is corrupt (its content hashes to {actual}). Nothing was written for it.");
        }

        Interlocked.Add(ref hashTicks, time.GetTimestamp() - t0);
    }

    /// <summary>
    /// Writes one verified file (or symlink) as <paramref name="name"/> in the cursor's folder, with
    /// <paramref name="mode"/> (<see cref="ModeOf"/>; ignored for a symlink).
    /// </summary>
    private void Create(FolderCursor folder, string name, string absolute, RestoreAction action, UnixFileMode mode, ReadOnlySpan<byte> content)
    {
        if (action.Mode == GitFileMode.Symlink)
        {
            // The plan checked this link text (no NUL, valid UTF-8); the hash proves these are the same bytes.
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            if (folder.Fd >= 0)
            {
                NativeFileSystem.SymlinkAt(text, folder.Fd, name, absolute);
            }
            else
            {
                File.CreateSymbolicLink(absolute, text);
            }

            return;
        }

        if (folder.Fd >= 0)
        {
            NativeFileSystem.WriteNewFileAt(folder.Fd, name, content, mode, folder.NeedsChmod(mode), absolute);
        }
        else
        {
            NativeFileSystem.WriteNewFile(absolute, content, mode);
        }
    }

    /// <summary>A file of a new folder: created at its final name inside the staging folder, which is renamed into place at the end.</summary>
    private void WriteInStagedFolder(string root, FolderCursor folder, RestoreAction action, ReadOnlySpan<byte> content, IProgress<RestoreProgress>? progress, int total)
    {
        var t0 = time.GetTimestamp();
        var name = RelativePath.Name(action.Path);
        Create(folder, name, RelativePath.ToAbsolute(root, RelativePath.Combine(folder.Location, name)), action, ModeOf(action, null), content);
        Interlocked.Add(ref createTicks, time.GetTimestamp() - t0);
        placedUnflushed.Enqueue(new Staged("", RelativePath.ToAbsolute(root, action.Path), folder.Folder!, content.Length, action.Mode == GitFileMode.Symlink));
        Touched(folder.Folder!);
        Done(content.Length, progress, total);
    }

    /// <summary>A file of an existing folder: written to a fresh staging name next to its target.</summary>
    private (Staged Staged, string StagingName) Stage(string root, FolderCursor folder, RestoreAction action, ReadOnlySpan<byte> content)
    {
        var t0 = time.GetTimestamp();
        var dir = folder.Folder!; // checked by PrepareDirectory, opened without following symlinks by the cursor
        var stagingName = RestoreStaging.Name(runId, Interlocked.Increment(ref stagingCounter), folder: false);
        var folderPath = RelativePath.ToAbsolute(root, dir);
        var staging = Path.Combine(folderPath, stagingName);
        var replaced = action.Kind == RestoreActionKind.Overwrite ? ReplacedPermissions(folder, folderPath, RelativePath.Name(action.Path)) : null;
        Create(folder, stagingName, staging, action, ModeOf(action, replaced), content);
        Interlocked.Add(ref createTicks, time.GetTimestamp() - t0);
        return (new Staged(staging, RelativePath.ToAbsolute(root, action.Path), dir, content.Length, action.Mode == GitFileMode.Symlink), stagingName);
    }

    /// <summary>Renames a create into place at once (never replacing anything); queues an overwrite for a flushed batch.</summary>
    private void Place(string root, FolderCursor folder, RestoreAction action, Staged staged, string stagingName, IProgress<RestoreProgress>? progress, int total)
    {
        if (action.Kind == RestoreActionKind.Create && NativeFileSystem.SupportsRenameNoReplace)
        {
            var t0 = time.GetTimestamp();
            bool placed;
            try
            {
                placed = folder.Fd >= 0
                    ? NativeFileSystem.RenameNoReplaceAt(folder.Fd, stagingName, RelativePath.Name(action.Path))
                    : NativeFileSystem.RenameNoReplace(staged.StagingPath, staged.FinalPath);
            }
            catch (PlatformNotSupportedException)
            {
                placed = false;
            }
            catch
            {
                TryDelete(staged.StagingPath);
                throw;
            }

            Interlocked.Add(ref placeTicks, time.GetTimestamp() - t0);
            if (placed)
            {
                placedUnflushed.Enqueue(staged);
                Touched(staged.Directory);
                Done(staged.Size, progress, total);
                return;
            }

            // Something appeared at the path after the plan (or this file system cannot rename without
            // replacing): it is replaced like an overwrite, after a flush.
        }

        List<Staged>? full = null;
        lock (pendingGate)
        {
            pending.Add(staged);
            pendingBytes += staged.Size;
            if (pending.Count >= BatchFiles || pendingBytes >= BatchBytes)
            {
                full = pending;
                pending = [];
                pendingBytes = 0;
            }
        }

        if (full is not null)
        {
            CommitBatch(root, full, progress, total);
        }
    }

    /// <summary>
    /// Renames every staging folder into place with renameat2(RENAME_NOREPLACE), once all their files are
    /// written. A folder that appeared at the name meanwhile is left alone and the restore stops.
    /// </summary>
    private void PlaceFolders(string root, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var t0 = time.GetTimestamp();
        for (; placedTops < stagedTops.Count; placedTops++)
        {
            var (folder, staging) = stagedTops[placedTops];
            var from = RelativePath.ToAbsolute(root, staging);
            var to = RelativePath.ToAbsolute(root, folder);
            bool placed;
            try
            {
                placed = NativeFileSystem.RenameNoReplace(from, to);
            }
            catch (PlatformNotSupportedException)
            {
                // This file system cannot rename without replacing: rename(2) only when nothing is there
                // (it would replace an empty folder that appeared in the instant between the two calls).
                placed = !NativeStat.LStat(to).Exists;
                if (placed)
                {
                    NativeFileSystem.Rename(from, to);
                }
            }

            if (!placed)
            {
                throw new BrainRepoException(ErrorCodes.RestoreRefused, $"Restore stopped: '{folder}' appeared on disk while the restore was writing it (it did not exist when the restore started). It was left as it is and nothing under it was written; {placedTops} of {stagedTops.Count} new folders were put in place. Run the restore again to restore into it.");
            }

            Touched(RelativePath.Parent(folder));
        }

        foldersPlacedTicks = time.GetTimestamp() - t0;
    }

    /// <summary>Flushes a batch of staged files to disk at once, then renames each over its target.</summary>
    private void CommitBatch(string root, List<Staged> batch, IProgress<RestoreProgress>? progress, int total)
    {
        if (batch.Count == 0)
        {
            return;
        }

        lock (commitGate)
        {
            var renamed = 0;
            try
            {
                var t0 = time.GetTimestamp();
                if (!NativeFileSystem.SyncFileSystem(root))
                {
                    foreach (var s in batch.Where(s => !s.IsLink))
                    {
                        FlushFile(s.StagingPath);
                    }
                }

                var t1 = time.GetTimestamp();
                flushTicks += t1 - t0;
                foreach (var s in batch)
                {
                    // rename(2) replaces a file or symlink at the final name; it never follows one.
                    NativeFileSystem.Rename(s.StagingPath, s.FinalPath);
                    renamed++;
                    Touched(s.Directory);
                    Done(s.Size, progress, total);
                }

                Interlocked.Add(ref placeTicks, time.GetTimestamp() - t1);
            }
            catch
            {
                foreach (var s in batch.Skip(renamed))
                {
                    TryDelete(s.StagingPath);
                }

                throw;
            }
        }
    }

    /// <summary>
    /// Makes everything this restore wrote or deleted durable: one syncfs, or fsync of each file renamed
    /// into place without a flush and of each touched folder where syncfs is unavailable.
    /// </summary>
    private void MakeDurable(string root)
    {
        var started = time.GetTimestamp();
        List<string> folders;
        lock (touchedDirectories)
        {
            folders = [.. touchedDirectories];
        }

        if (folders.Count == 0)
        {
            return;
        }

        if (!NativeFileSystem.SyncFileSystem(root))
        {
            foreach (var s in placedUnflushed.Where(s => !s.IsLink))
            {
                FlushFile(s.FinalPath);
            }

            foreach (var dir in folders)
            {
                NativeFileSystem.FsyncDirectory(RelativePath.ToAbsolute(root, dir));
            }
        }

        Phase("make durable (syncfs)", started, folders.Count);
    }

    /// <summary>fsync of one file, where syncfs is unavailable. A file whose mode lets not even its owner open it (it replaced such a file) is left to the kernel's writeback.</summary>
    private static void FlushFile(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            fs.Flush(flushToDisk: true);
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Touched(string directory)
    {
        lock (touchedDirectories)
        {
            touchedDirectories.Add(directory);
        }
    }

    private void Done(long size, IProgress<RestoreProgress>? progress, int total)
    {
        var bytes = Interlocked.Add(ref writtenBytes, size);
        var count = Interlocked.Increment(ref writtenCount);
        if (progress is not null && count % BatchFiles == 0)
        {
            lock (progressGate)
            {
                progress.Report(new RestoreProgress("write", count, total, bytes));
            }
        }
    }

    /// <summary>Records the first failure of the pipeline and stops the other threads.</summary>
    private void Stop(Exception ex, CancellationTokenSource stop)
    {
        Interlocked.CompareExchange(ref firstFailure, ex, null);
        stop.Cancel();
    }

    /// <summary>The error that stopped the pipeline: the first one, not a consequence of stopping.</summary>
    private Exception FirstCause(AggregateException ex, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(cancellationToken);
        }

        return firstFailure ?? ex.Flatten().InnerExceptions[0];
    }

    private long Phase(string name, long started, long count)
    {
        var now = time.GetTimestamp();
        logger.RestorePhase(name, time.GetElapsedTime(started, now).TotalMilliseconds, count);
        return now;
    }

    private double Ms(long ticks) => ticks * 1000.0 / time.TimestampFrequency;
}

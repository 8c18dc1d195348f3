using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Restore;

/// <summary>
/// The write pipeline. One reader streams the blobs, in plan order, from a single
/// <c>git cat-file --batch</c> process (<see cref="IBackupRepository.ReadBlobs"/>); a few workers hash
/// each blob in memory against its id, write exactly those bytes to a fresh staging name next to the
/// target (O_CREAT|O_EXCL, exact mode) and put it in place:
/// <list type="bullet">
/// <item>a <b>create</b> (nothing was at the path when planned) is renamed at once with
/// <c>renameat2(RENAME_NOREPLACE)</c>: it can never replace anything, so nothing needs to be durable
/// first. If something appeared at the path since the plan, it is handled as an overwrite.</item>
/// <item>an <b>overwrite</b> waits in a batch (512 files or 64 MiB); the batch is flushed to disk
/// (one <c>syncfs</c>, or <c>fsync</c> per file where that is unavailable) before its renames, so an
/// existing file is never replaced by data that a crash could lose.</item>
/// </list>
/// When everything is in place one <c>syncfs</c> makes the new files and all folder entries durable
/// before the restore reports success (<c>fsync</c> of each new file and touched folder where syncfs is
/// unavailable).
/// </summary>
public sealed partial class RestoreExecutor
{
    private const int BatchFiles = 512;
    private const long BatchBytes = 64L * 1024 * 1024;
    private const long InFlightBytes = 64L * 1024 * 1024;
    private const int QueueLength = 8;
    private const int ParcelFiles = 64;
    private const long ParcelBytes = 1L << 20;

    private readonly string runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
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
    private long createTicks;
    private long placeTicks;
    private long flushTicks;
    private Exception? firstFailure;

    private sealed record Staged(string StagingPath, string FinalPath, string Directory, long Size, bool IsLink);

    private static int Parallelism => Math.Clamp(Environment.ProcessorCount, 2, 8);

    private (int Written, long Bytes) WriteAll(string root, List<RestoreAction> writes, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return (0, 0);
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Restore writes POSIX modes and symlinks; it runs on Linux and macOS.");
        }

        var started = time.GetTimestamp();
        for (var i = 0; i < writes.Count; i++)
        {
            if (i % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            EnsureDirectory(root, RelativePath.Parent(writes[i].Path));
        }

        started = Phase("folders", started, safeDirectories.Count);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Blobs travel to the workers in parcels (up to 64 blobs or 1 MiB): one hand-off per parcel, not
        // per file, keeps the threads from spinning on the queue (thousands of sched_yield calls otherwise).
        using var queue = new BlockingCollection<List<(RestoreAction Action, byte[] Content)>>(QueueLength);
        var budget = new ByteBudget(InFlightBytes);
        long readTicks = 0;
        var reader = Task.Factory.StartNew(
            () =>
            {
                var r0 = time.GetTimestamp();
                try
                {
                    // Sealed files come decrypted from readContent (their blob id is the plaintext's, which is
                    // not in the repository); every other file comes from the cat-file stream, in plan order.
                    var supplied = writes.ConvertAll(a => readContent?.Invoke(a));
                    var fromRepository = writes.Where((_, k) => supplied[k] is null).ToList();
                    using var blobs = (fromRepository.Count == 0
                        ? Enumerable.Empty<byte[]>()
                        : repository.ReadBlobs(fromRepository.ConvertAll(a => a.BlobId!), fromRepository.Max(a => a.Size), stop.Token)).GetEnumerator();
                    var parcel = new List<(RestoreAction, byte[])>(ParcelFiles);
                    long parcelBytes = 0;
                    for (var i = 0; i < writes.Count; i++)
                    {
                        var content = supplied[i] ?? (blobs.MoveNext() ? blobs.Current : throw new InvalidOperationException("The object stream ended before every object was read."));
                        parcel.Add((writes[i], content));
                        parcelBytes += content.Length;
                        if (parcel.Count >= ParcelFiles || parcelBytes >= ParcelBytes)
                        {
                            budget.Acquire(parcelBytes, stop.Token);
                            queue.Add(parcel, stop.Token);
                            parcel = new List<(RestoreAction, byte[])>(ParcelFiles);
                            parcelBytes = 0;
                        }
                    }

                    if (parcel.Count > 0)
                    {
                        budget.Acquire(parcelBytes, stop.Token);
                        queue.Add(parcel, stop.Token);
                    }
                }
                catch (Exception ex)
                {
                    Stop(ex, stop);
                    throw;
                }
                finally
                {
                    queue.CompleteAdding();
                    readTicks = time.GetTimestamp() - r0;
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var workers = Enumerable.Range(0, Parallelism).Select(_ => Task.Factory.StartNew(
            () =>
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                try
                {
                    foreach (var parcel in queue.GetConsumingEnumerable(stop.Token))
                    {
                        long bytes = 0;
                        foreach (var (action, content) in parcel)
                        {
                            stop.Token.ThrowIfCancellationRequested();
                            var staged = Stage(root, action, content, sha);
                            Place(root, action, staged, progress, writes.Count);
                            bytes += content.Length;
                        }

                        budget.Release(bytes);
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
                Task.WaitAll([reader, .. workers]);
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
        }
        finally
        {
            foreach (var s in pending)
            {
                TryDelete(s.StagingPath);
            }
        }

        Phase("stage and place (wall)", started, writtenCount);
        logger.RestorePhase("  read blobs (git cat-file stream, reader busy)", Ms(readTicks), writes.Count);
        logger.RestorePhase("  hash in memory (sum over workers)", Ms(hashTicks), writes.Count);
        logger.RestorePhase("  create + write staging files (sum over workers)", Ms(createTicks), writes.Count);
        logger.RestorePhase("  rename into place (sum)", Ms(placeTicks), writes.Count);
        logger.RestorePhase("  flush before replacing (overwrite batches)", Ms(flushTicks), writes.Count - placedUnflushed.Count);
        return (writtenCount, writtenBytes);
    }

    /// <summary>Verifies one blob in memory, then writes exactly those bytes to a fresh staging name next to its target.</summary>
    private Staged Stage(string root, RestoreAction action, byte[] content, IncrementalHash sha)
    {
        var t0 = time.GetTimestamp();
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        sha.AppendData(content);
        var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
        if (actual != action.BlobId)
        {
            throw new BrainRepoException(ErrorCodes.RestoreVerifyFailed, $"'{action.Path}' was not restored: its object {action.BlobId} in the backup repository is corrupt (its content hashes to {actual}). Nothing was written for it.");
        }

        var t1 = time.GetTimestamp();
        Interlocked.Add(ref hashTicks, t1 - t0);
        var dir = RelativePath.Parent(action.Path); // checked by EnsureDirectory before staging
        var staging = Path.Combine(RelativePath.ToAbsolute(root, dir), $".brainrepo-restore-{runId}-{Interlocked.Increment(ref stagingCounter):x}.tmp");
        var isLink = action.Mode == GitFileMode.Symlink;
        if (isLink)
        {
            // The plan checked this link text (no NUL, valid UTF-8); the hash above proves these are the same bytes.
            File.CreateSymbolicLink(staging, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content));
        }
        else
        {
            // The very buffer that was hashed is what is written: no read-back is needed (it would come
            // from the page cache anyway, not from the disk).
            NativeFileSystem.WriteNewFile(staging, content, action.Mode == GitFileMode.Executable ? Executable : Regular);
        }

        Interlocked.Add(ref createTicks, time.GetTimestamp() - t1);
        return new Staged(staging, RelativePath.ToAbsolute(root, action.Path), dir, content.Length, isLink);
    }

    /// <summary>Renames a create into place at once (never replacing anything); queues an overwrite for a flushed batch.</summary>
    private void Place(string root, RestoreAction action, Staged staged, IProgress<RestoreProgress>? progress, int total)
    {
        if (action.Kind == RestoreActionKind.Create && NativeFileSystem.SupportsRenameNoReplace)
        {
            var t0 = time.GetTimestamp();
            bool placed;
            try
            {
                placed = NativeFileSystem.RenameNoReplace(staged.StagingPath, staged.FinalPath);
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
                        using var fs = new FileStream(s.StagingPath, FileMode.Open, FileAccess.ReadWrite);
                        fs.Flush(flushToDisk: true);
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
                using var fs = new FileStream(s.FinalPath, FileMode.Open, FileAccess.ReadWrite);
                fs.Flush(flushToDisk: true);
            }

            foreach (var dir in folders)
            {
                NativeFileSystem.FsyncDirectory(RelativePath.ToAbsolute(root, dir));
            }
        }

        Phase("make durable (syncfs)", started, folders.Count);
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

    /// <summary>Bounds the bytes read ahead of the workers (one blob is always let through).</summary>
    private sealed class ByteBudget(long limit)
    {
        private readonly object gate = new();
        private long used;

        public void Acquire(long bytes, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                while (used > 0 && used + bytes > limit)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(gate, 100);
                }

                used += bytes;
            }
        }

        public void Release(long bytes)
        {
            lock (gate)
            {
                used -= bytes;
                Monitor.PulseAll(gate);
            }
        }
    }
}

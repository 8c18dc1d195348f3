using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Numerics;
using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Secrets;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace BrainRepo.Core.Snapshots;

public sealed partial class SnapshotEngine
{
    /// <summary>Reads, hashes and compresses the new and changed files in parallel, then applies the outcomes in order.</summary>
    private void ReadChangedFiles(
        SyncWork work,
        List<WalkedFile> toRead,
        IObjectSink sink,
        long fsClock,
        SyncOptions options,
        IProgress<SyncProgress>? progress,
        CancellationToken cancellationToken)
    {
        // Kernel timestamps are coarse (one scheduler tick): a write in the same tick as the stamp we
        // compare against would be invisible. Files modified within the quiet window are read only
        // once the window has passed, so any later write during the read shows as a new mtime.
        if (toRead.Any(f => f.Kind == EntryKind.File && IsRecent(f.Stamp)))
        {
            Thread.Sleep(QuietWindow);
        }

        var outcomes = new ReadOutcome[toRead.Count];
        long done = 0;
        long bytes = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken };
        // Largest first, each worker taking the next file as it frees up: a multi-megabyte file found last
        // would otherwise be read alone at the end while the other cores idle. Outcomes keep their index,
        // so they are applied below in the walk's order.
        var largestFirst = Enumerable.Range(0, toRead.Count).OrderByDescending(i => toRead[i].Stamp.Size).ToArray();
        try
        {
            Parallel.ForEach(Partitioner.Create(largestFirst, EnumerablePartitionerOptions.NoBuffering), parallel, i =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes[i] = ReadOne(toRead[i], sink, options, cancellationToken);
                var n = Interlocked.Increment(ref done);
                var b = Interlocked.Add(ref bytes, outcomes[i].Bytes);
                if (progress is not null && (n & 63) == 0)
                {
                    progress.Report(new SyncProgress("read", n, toRead.Count, b));
                }
            });
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.FirstOrDefault(e => e is BrainRepoException) is { } failure)
        {
            // A failure of the sync itself (a full disk under the backup repository, ...), not of one file: it
            // stops the sync once, as itself, rather than being wrapped by the parallel loop.
            ExceptionDispatchInfo.Throw(failure);
        }

        for (var i = 0; i < toRead.Count; i++)
        {
            var file = toRead[i];
            var outcome = outcomes[i];
            switch (outcome.Kind)
            {
                case ReadOutcomeKind.Stored:
                    work.FilesRead++;
                    work.BytesRead += outcome.Bytes;
                    var previous = work.Baseline.Files.GetValueOrDefault(file.Path);
                    if (previous is null)
                    {
                        work.Added++;
                    }
                    else if (previous.BlobId != outcome.BlobId || previous.Mode != ModeOf(file))
                    {
                        work.Modified++;
                    }

                    // A file modified at or after the start of this run may change again within the same
                    // timestamp tick; its stamp is not cached, so the next run reads it again.
                    FileStamp? stamp = outcome.Stamp.MtimeNs >= fsClock || outcome.Stamp.CtimeNs >= fsClock ? null : outcome.Stamp;
                    work.NewFiles[file.Path] = new TrackedFile(file.Path, ModeOf(file), outcome.BlobId!, outcome.Bytes, stamp);
                    work.BlobsRead.Add(outcome.BlobId!);
                    break;
                case ReadOutcomeKind.Vanished:
                    // Not handled: the deletion pass lstats it again and removes it only if it is positively gone.
                    work.Handled.Remove(file.Path);
                    break;
                case ReadOutcomeKind.WithheldSecret:
                    if (PreviousVersionHasSecret(work, file.Path, cancellationToken))
                    {
                        // The "last clean version" is not clean under today's rules or allow list:
                        // keep nothing rather than carry a secret forward to the remote.
                        work.Entries.Add(new ReportEntry(file.Path, Disposition.WithheldSecret, "secret:" + outcome.Rule, Detail: outcome.Detail + "; the previous version contains a secret too, so no version is kept", Line: outcome.Line, Fingerprints: outcome.Fingerprints));
                        work.Handled.Add(file.Path);
                        break;
                    }

                    work.CarryForward(file.Path, Disposition.WithheldSecret, "secret:" + outcome.Rule, outcome.Detail, outcome.Line, outcome.Fingerprints);
                    break;
                case ReadOutcomeKind.SealedSecret:
                    // Stored in full, encrypted: the file is backed up, so it is cached like a stored file.
                    work.FilesRead++;
                    work.BytesRead += outcome.Bytes;
                    var before = work.Baseline.Files.GetValueOrDefault(file.Path);
                    if (before is null)
                    {
                        work.Added++;
                    }
                    else if (before.BlobId != outcome.BlobId || before.Mode != ModeOf(file))
                    {
                        work.Modified++;
                    }

                    FileStamp? sealedStamp = outcome.Stamp.MtimeNs >= fsClock || outcome.Stamp.CtimeNs >= fsClock ? null : outcome.Stamp;
                    work.NewFiles[file.Path] = new TrackedFile(file.Path, ModeOf(file), outcome.BlobId!, outcome.Bytes, sealedStamp);
                    work.BlobsRead.Add(outcome.BlobId!);
                    work.Entries.Add(new ReportEntry(file.Path, Disposition.SealedSecret, "secret:" + outcome.Rule, Detail: outcome.Detail, Line: outcome.Line, Fingerprints: outcome.Fingerprints));
                    work.Handled.Add(file.Path);
                    break;
                case ReadOutcomeKind.RedactedSecret:
                    // Stored, but not at its real content: not cached, so it is rescanned (and maybe allowed) next time.
                    work.NewFiles[file.Path] = new TrackedFile(file.Path, ModeOf(file), outcome.BlobId!, outcome.Bytes, null);
                    work.BlobsRead.Add(outcome.BlobId!);
                    work.Entries.Add(new ReportEntry(file.Path, Disposition.RedactedSecret, "secret:" + outcome.Rule, Detail: outcome.Detail, Line: outcome.Line, Fingerprints: outcome.Fingerprints));
                    work.Handled.Add(file.Path);
                    break;
                case ReadOutcomeKind.TooLarge:
                    work.CarryForward(file.Path, Disposition.TooLarge, "max_file_size:" + ByteSize.Format(config.Policy.MaxFileSize), outcome.Detail);
                    break;
                case ReadOutcomeKind.ChangedDuringRead:
                    logger.ChangedDuringRead(file.Path, options.ReadAttempts);
                    work.CarryForward(file.Path, Disposition.ChangedDuringRead, "filesystem", $"changed while being read, {options.ReadAttempts} attempts");
                    break;
                default:
                    logger.Unreadable(file.Path, outcome.Detail ?? "unknown error");
                    work.CarryForward(file.Path, Disposition.Unreadable, "filesystem", outcome.Detail);
                    break;
            }
        }
    }

    /// <summary>
    /// Scans the version a withheld file would carry forward (rare: only withheld files). A version that cannot be scanned
    /// now (over the memory budget, or the scanner failed) is kept: it was scanned clean when it was stored.
    /// </summary>
    private bool PreviousVersionHasSecret(SyncWork work, string path, CancellationToken cancellationToken)
    {
        if (secrets is null || !work.Baseline.Files.TryGetValue(path, out var previous))
        {
            return false;
        }

        using var reservation = secrets.MemoryBudget.Reserve(previous.Size, cancellationToken);
        if (reservation is null)
        {
            return false;
        }

        var content = repository.ReadBlobVerified(previous.BlobId);
        var scan = SecretGate.ScanContent(secrets, path, content, cancellationToken);
        return scan.Findings.Count > 0
            || (scan.ShouldWithhold && scan.ArchiveProblem?.Kind is not (ArchiveProblemKind.OverMemoryBudget or ArchiveProblemKind.ScanFailed));
    }

    /// <summary>The outcome of a file (or a symlink's target) that the scanner says must not be stored as it is.</summary>
    private static ReadOutcome Withheld(SecretScanResult scan, FileStamp stamp, long bytes)
    {
        var finding = scan.Findings.FirstOrDefault();
        return new ReadOutcome(ReadOutcomeKind.WithheldSecret, null, stamp, bytes, SecretFindingFormatter.ToWithheldReason(scan), SecretGate.RuleOf(scan), LineOf(finding), FingerprintsOf(scan));
    }

    private static int? LineOf(SecretFinding? finding) => finding is { InName: false } ? finding.Line : null;

    private static string? FingerprintsOf(SecretScanResult scan) =>
        scan.Findings.Count == 0 ? null : string.Join(',', scan.Findings.Select(f => f.Fingerprint).Distinct());

    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>Files at least this large are hashed and compressed while they are scanned, not after.</summary>
    private const int ConcurrentPrepareBytes = 512 * 1024;

    /// <summary>
    /// True when the file was modified so recently that a further write could share its timestamp.
    /// Compared against the kernel's real-time clock (deliberately not the injected TimeProvider:
    /// this is about the file system's timestamps, not the application's notion of time).
    /// </summary>
    private static bool IsRecent(FileStamp stamp)
    {
        var nowNs = (TimeProvider.System.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        return nowNs - Math.Max(stamp.MtimeNs, stamp.CtimeNs) < QuietWindow.Ticks * 100;
    }

    private ReadOutcome ReadOne(WalkedFile file, IObjectSink sink, SyncOptions options, CancellationToken cancellationToken)
    {
        var absolute = RelativePath.ToAbsolute(config.WorkspaceRoot, file.Path);
        var attempts = options.ReadAttempts;
        try
        {
            if (file.Kind == EntryKind.Symlink)
            {
                var target = new FileInfo(absolute).LinkTarget;
                if (target is null)
                {
                    return ReadOutcome.Of(ReadOutcomeKind.Vanished);
                }

                var text = Encoding.UTF8.GetBytes(target);
                if (secrets is not null)
                {
                    // The target is what git stores for a link, so it is scanned as content (a URL with a token in it).
                    // It is withheld whatever the disposition: a redacted or sealed target would be another link.
                    var scan = SecretGate.ScanContent(secrets, file.Path, text, cancellationToken);
                    if (scan.ShouldWithhold)
                    {
                        return Withheld(scan, file.Stamp, text.Length);
                    }
                }

                return ReadOutcome.Stored(sink.AddBlob(text), file.Stamp, text.Length);
            }

            var expected = file.Stamp;
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                if (IsRecent(expected))
                {
                    Thread.Sleep(QuietWindow);
                    var fresh = NativeStat.LStat(absolute);
                    if (fresh.IsGone)
                    {
                        return ReadOutcome.Of(ReadOutcomeKind.Vanished);
                    }

                    if (!fresh.Exists || fresh.Kind != EntryKind.File)
                    {
                        return ReadOutcome.Of(ReadOutcomeKind.ChangedDuringRead);
                    }

                    if (fresh.Stamp != expected)
                    {
                        expected = fresh.Stamp; // written meanwhile: the next attempt starts from here
                        continue;
                    }
                }

                var outcome = ReadRegularFile(file.Path, absolute, expected, sink, options, cancellationToken);
                if (outcome.Kind != ReadOutcomeKind.ChangedDuringRead)
                {
                    return outcome;
                }

                var now = NativeStat.LStat(absolute);
                if (now.IsGone)
                {
                    return ReadOutcome.Of(ReadOutcomeKind.Vanished);
                }

                if (!now.Exists || now.Kind != EntryKind.File)
                {
                    return ReadOutcome.Of(ReadOutcomeKind.ChangedDuringRead);
                }

                expected = now.Stamp;
            }

            return ReadOutcome.Of(ReadOutcomeKind.ChangedDuringRead);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ReadOutcome.Of(ReadOutcomeKind.Vanished);
        }
        catch (UnauthorizedAccessException)
        {
            return ReadOutcome.Of(ReadOutcomeKind.Unreadable, "permission denied");
        }
        catch (IOException ex)
        {
            // Reading the workspace file failed. A failed write into the backup repository is not caught here: the
            // sink throws it as a BackupWriteException, which ends the sync once instead of marking every file unreadable.
            return ReadOutcome.Of(ReadOutcomeKind.Unreadable, "I/O error: " + ex.GetType().Name);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or Errors.BrainRepoException))
        {
            // Whatever else goes wrong with this one file (out of memory on a pathological input, say) costs this file
            // its new version, not the snapshot of the others. The backup repository's own failures still fail the sync.
            return ReadOutcome.Of(ReadOutcomeKind.Unreadable, "could not be read: " + ex.GetType().Name);
        }
    }

    /// <summary>
    /// Reads the whole file and stores it only if its stamp is the same before and after the read:
    /// a file written to during the read would otherwise be stored torn.
    /// </summary>
    private ReadOutcome ReadRegularFile(string path, string absolute, FileStamp expected, IObjectSink sink, SyncOptions options, CancellationToken cancellationToken)
    {
        var secretDisposition = options.Secrets;
        if (expected.Size > config.Policy.MaxFileSize)
        {
            return ReadOutcome.Of(ReadOutcomeKind.TooLarge, $"{expected.Size} bytes");
        }

        // The file is held in memory while it is scanned: its share of the scanner's memory budget is taken first, so
        // that however many files are read at once, and however large, they stay within the budget together.
        using var reservation = secrets?.MemoryBudget.Reserve((long)BitOperations.RoundUpToPowerOf2((ulong)expected.Size + 1), cancellationToken);
        if (secrets is not null && reservation is null)
        {
            return Withheld(SecretGate.OverBudget(expected.Size, secrets.MemoryBudget), expected, expected.Size);
        }

        using SafeFileHandle handle = File.OpenHandle(absolute, System.IO.FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        var size = (int)expected.Size;
        var buffer = ArrayPool<byte>.Shared.Rent(size + 1);
        Task<PreparedBlob>? preparing = null;
        try
        {
            var total = 0;
            while (true)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(total, buffer.Length - total), total);
                if (n == 0)
                {
                    break;
                }

                total += n;
                if (total > size)
                {
                    return ReadOutcome.Of(ReadOutcomeKind.ChangedDuringRead);
                }
            }

            var after = NativeStat.LStat(absolute);
            if (total != size || !after.Exists || after.Stamp != expected)
            {
                return ReadOutcome.Of(ReadOutcomeKind.ChangedDuringRead);
            }

            // A large file is hashed and compressed on another thread while the scanner reads it; the
            // result is stored only if the scan lets the file through (a dropped PreparedBlob stores nothing).
            // That thread is a new one, not a pool thread: the pool's threads are all busy reading the other
            // files, and the compression, the longest part of a large file, would wait for one of them to finish
            // (10-15 ms for an 8 MB file in an incremental sync, all of it added to the sync's time).
            if (secrets is not null && total >= ConcurrentPrepareBytes)
            {
                var content = buffer;
                var length = total;
                preparing = Task.Factory.StartNew(() => sink.PrepareBlob(content.AsSpan(0, length)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            if (secrets is not null)
            {
                var scan = SecretGate.ScanContent(secrets, path, buffer.AsSpan(0, total), cancellationToken);
                if (scan.ShouldWithhold)
                {
                    var finding = scan.Findings.FirstOrDefault();
                    var fingerprints = FingerprintsOf(scan);
                    if (secretDisposition == SecretDisposition.Seal)
                    {
                        // The whole file, archives included, encrypted: nothing is lost and nothing is readable without the key.
                        var envelope = Sealing.SealedEnvelope.Seal(options.SealKey!, path, buffer.AsSpan(0, total));
                        var sealedBlob = sink.AddBlob(envelope);
                        var what = finding is not null
                            ? $"{scan.Findings.Count} secret(s), first {finding.RuleId}" + (finding.InName ? " in a member name" : $" at line {finding.Line}")
                            : "not fully scanned (" + scan.ArchiveProblem!.Kind + ")";
                        return new ReadOutcome(ReadOutcomeKind.SealedSecret, sealedBlob, after.Stamp, envelope.Length, $"sealed with key {options.SealKey!.Id}: {what}", SecretGate.RuleOf(scan), LineOf(finding), fingerprints);
                    }

                    if (finding is not null && secretDisposition == SecretDisposition.Redact && SecretRedactor.CanRedact(scan))
                    {
                        var redacted = SecretRedactor.Redact(buffer.AsSpan(0, total), scan.Findings);
                        var redactedBlob = sink.AddBlob(redacted);
                        return new ReadOutcome(ReadOutcomeKind.RedactedSecret, redactedBlob, after.Stamp, redacted.Length, $"redacted: {scan.Findings.Count} secret(s), first {finding.RuleId} at line {finding.Line}", finding.RuleId, finding.Line, fingerprints);
                    }

                    return Withheld(scan, after.Stamp, total);
                }
            }

            var blob = preparing is null ? sink.AddBlob(buffer.AsSpan(0, total)) : sink.Store(preparing.GetAwaiter().GetResult());
            return ReadOutcome.Stored(blob, after.Stamp, total);
        }
        finally
        {
            // The preparing task reads the buffer: it must end before the buffer goes back to the pool.
            // Its failure matters only on the stored path above, where GetResult rethrows it.
            if (preparing is not null)
            {
                try
                {
                    preparing.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                }
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

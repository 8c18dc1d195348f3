using BrainRepo.Core.Model;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Policy;
using BrainRepo.Core.Secrets;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Snapshots;

/// <summary>
/// One sync: walk, classify, read only what changed, build the snapshot from the previous one plus the
/// changes and carry-forwards, write it, and move the branch. The branch move is the only commit point:
/// a cancel or failure before it leaves the repository as it was.
/// </summary>
public sealed partial class SnapshotEngine(
    WorkspaceConfig config,
    IBackupRepository repository,
    IStateStore state,
    TimeProvider time,
    ILogger logger,
    ISecretScanner? secrets = null)
{
    private readonly SnapshotPolicy policy = new(config.Policy);

    public Task<SyncResult> RunAsync(SyncOptions options, IProgress<SyncProgress>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => Run(options, progress, cancellationToken), cancellationToken);

    public SyncResult Run(SyncOptions options, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var startTimestamp = time.GetTimestamp();
        var root = config.WorkspaceRoot;
        var rootStat = NativeStat.LStat(root);
        if (!rootStat.Exists || rootStat.Kind != EntryKind.Directory)
        {
            throw new BrainRepoException(
                ErrorCodes.WorkspaceMissing,
                $"The workspace folder '{root}' is missing or not a folder (an unmounted disk?). Nothing was changed. Fix: mount or restore it, then sync again.");
        }

        if (options.Secrets == SecretDisposition.Seal && options.SealKey is null)
        {
            throw new Sealing.SealKeyException("secrets = \"seal\" needs a seal key, and none was given. Nothing was changed.");
        }

        var fsClock = FileSystemNow();
        var head = repository.Head();

        // The baseline (the stat cache, or the head's tree) and the set of its blob ids do not depend on the
        // walk, nor the walk on them: they are loaded on another thread while the walk runs, instead of
        // before it (a 20,000-file stat cache takes 10-15 ms to decode, during which the walk's second
        // core would idle).
        var preparing = Task.Run(() => LoadBaselineAndKnownBlobs(head, options, cancellationToken), cancellationToken);
        progress?.Report(new SyncProgress("walk", 0, 0, 0));
        InventoryResult inventory;
        try
        {
            inventory = new InventoryWalker(root, policy).Walk(config.Policy.WatchPaths, cancellationToken);
        }
        catch
        {
            // The loader uses the repository and the state store: it must end before they are disposed.
            WaitQuietly(preparing);
            throw;
        }

        RemoveAbandonedRestoreStaging(inventory);
        logger.StageFinished("walk", (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds, GC.GetTotalAllocatedBytes() >> 10);
        var (baseline, knownBlobs, presence, headReport) = preparing.GetAwaiter().GetResult();
        RefuseUnknownMissingWatchPaths(inventory, baseline, head);
        logger.SyncStarted(root, baseline.CommitId ?? "(none)", baseline.Files.Count);
        logger.StageFinished("baseline", (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds, GC.GetTotalAllocatedBytes() >> 10);
        // The names of every entry that reaches the report or the tree are scanned too: a path is stored in git and
        // shown in the report, so a secret in a file or folder name would leak as surely as one in the file.
        var work = new SyncWork(baseline, inventory)
        {
            CheckName = secrets is null ? null : path => SecretGate.CheckName(secrets, path, cancellationToken),
            NameHits = CheckNames(baseline, inventory, cancellationToken),
            MissingObjects = presence.Missing,
        };

        ClassifyWalkedEntries(work);
        var toRead = PickFilesToRead(work, SealedBefore(baseline, options));
        progress?.Report(new SyncProgress("read", 0, toRead.Count, 0));

        using var sink = repository.OpenSink(knownBlobs);
        ReadChangedFiles(work, toRead, sink, fsClock, options, progress, cancellationToken);
        sink.StartWriteback();
        logger.StageFinished("read", (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds, GC.GetTotalAllocatedBytes() >> 10);
        ResolveUnseenBaselineFiles(work, options);

        cancellationToken.ThrowIfCancellationRequested();
        var scanner = ScannerConfiguration(options);
        var changed = ChangedPaths(work);
        var repair = AssessDamage(work, head, headReport, presence.DamagedPacks, changed);
        // The files of the new snapshot are final here. When something changed, a commit follows, so the stat
        // cache's files are encoded now, on another thread, while the report and the trees are built.
        using var saving = changed.Count > 0 ? state.BeginSaveBaseline(work.NewFiles, baseline, scanner) : null;
        var report = BuildReport(work);
        var reportJson = SnapshotReportJson.Serialize(report);
        var reportFile = new TrackedFile(SnapshotReport.TreePath, GitFileMode.Regular, sink.AddBlob(reportJson), reportJson.Length, null);
        var treeFiles = new FilesWithReport(work.NewFiles, reportFile);

        progress?.Report(new SyncProgress("commit", 0, 0, work.BytesRead));
        var message = SnapshotCommitMessage.Format(report, work.Added, work.Modified, work.Deleted, options.Origin);
        var dirty = TreeCache.DirtyFolders(changed.Append(SnapshotReport.TreePath));
        AddRebuilt(dirty, repair);
        var trees = new TreeCache(baseline.Trees, dirty);
        // The stat cache of the new commit is saved while its pack is flushed to disk, before the branch moves.
        // Saved early, it can name a commit that never becomes the head (a failed flush, a lost lease, a crash):
        // the next sync then finds it does not match the head and rebuilds the baseline from the repository.
        // A failure to save it here is not the snapshot's failure: it is tried again after the commit.
        var baselineSaved = false;
        // The no-change fast path: with no changed path, the same report means the same root tree, so the trees
        // need not be rebuilt to find out (the last report's blob id was read while the walk ran). Objects stored
        // again for the repository's sake are written even when the snapshot is otherwise unchanged.
        var commit = changed.Count == 0 && !repair.Any && head is not null && headReport == reportFile.BlobId
            ? null
            : sink.Finish(treeFiles, new SnapshotCommitInfo(message, startedAt, "BrainRepo", "brainrepo@localhost"), head, trees, cancellationToken, whileFlushing: id =>
            {
                try
                {
                    if (saving is not null)
                    {
                        saving.Complete(id, trees.Next());
                    }
                    else
                    {
                        state.SaveBaseline(id, work.NewFiles, baseline, trees.Next(), scanner);
                    }

                    baselineSaved = true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.BaselineSaveDeferred(ex.GetType().Name);
                }
            });
        if (repair.Any)
        {
            CheckRepaired(repair, trees, reportFile.BlobId, presence.DamagedPacks);
            if (commit is null)
            {
                sink.Keep(cancellationToken);
            }
        }

        logger.StageFinished("objects", (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds, GC.GetTotalAllocatedBytes() >> 10);
        if (commit is not null)
        {
            options.BeforeCommit?.Invoke(cancellationToken);

            // The commit point. Cancellation is not checked past here: the snapshot is complete on disk.
            repository.UpdateBranch(commit, head, "brainrepo sync", CancellationToken.None);
            logger.SnapshotWritten(commit, report.Status.ToString(), report.StoredFiles, work.FilesRead);
        }
        else
        {
            logger.Unchanged(head!);
        }

        var finalCommit = commit ?? head!;
        if (!baselineSaved)
        {
            state.SaveBaseline(finalCommit, work.NewFiles, baseline, commit is null ? baseline.Trees : trees.Next(), scanner);
        }

        logger.StageFinished("state", (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds, GC.GetTotalAllocatedBytes() >> 10);
        var result = new SyncResult
        {
            Status = report.Status,
            CommitId = finalCommit,
            Unchanged = commit is null,
            Stored = report.StoredFiles,
            Added = work.Added,
            Modified = work.Modified,
            Deleted = work.Deleted,
            FilesRead = work.FilesRead,
            BytesRead = work.BytesRead,
            StoredBytes = report.StoredBytes,
            Duration = time.GetElapsedTime(startTimestamp),
            Report = report,
        };
        return result;
    }

    /// <summary>
    /// The paths of this walk whose names hold a secret, scanned in one go: every entry the report will list, and every
    /// new or changed file (an unchanged one was scanned when it was stored, under the same rules).
    /// </summary>
    private Dictionary<string, SecretNameMatch> CheckNames(Baseline baseline, InventoryResult inventory, CancellationToken cancellationToken)
    {
        var hits = new Dictionary<string, SecretNameMatch>(StringComparer.Ordinal);
        if (secrets is null)
        {
            return hits;
        }

        var paths = new List<string>(inventory.Entries.Count + inventory.UnreadableDirectories.Count + 16);
        paths.AddRange(inventory.Entries.Select(e => e.Path));
        paths.AddRange(inventory.UnreadableDirectories);
        foreach (var file in inventory.Files)
        {
            if (!baseline.Files.TryGetValue(file.Path, out var previous) || previous.Mode != ModeOf(file) || previous.Stamp != file.Stamp)
            {
                paths.Add(file.Path);
            }
        }

        var matches = SecretGate.CheckNames(secrets, paths, cancellationToken);
        for (var i = 0; i < paths.Count; i++)
        {
            if (matches[i] is { } match)
            {
                hits[paths[i]] = match;
            }
        }

        return hits;
    }

    /// <summary>
    /// Paths whose blob or mode differs from the baseline, or that appeared or disappeared. The two halves
    /// (new or changed; gone) each look up every file of one side in the other, so they run side by side.
    /// </summary>
    private static List<string> ChangedPaths(SyncWork work)
    {
        var gone = Task.Run(() =>
        {
            var paths = new List<string>();
            foreach (var path in work.Baseline.Files.Keys)
            {
                if (!work.NewFiles.ContainsKey(path))
                {
                    paths.Add(path);
                }
            }

            return paths;
        });
        var changed = new List<string>();
        foreach (var (path, file) in work.NewFiles)
        {
            if (!work.Baseline.Files.TryGetValue(path, out var previous) || previous.BlobId != file.BlobId || previous.Mode != file.Mode)
            {
                changed.Add(path);
            }
        }

        changed.AddRange(gone.GetAwaiter().GetResult());
        return changed;
    }

    /// <summary>
    /// Identifies the scanner's rules and allow list, so a change of either invalidates the cached verdicts.
    /// Sealing adds the key id: switching to or from seal, or to another key, reads and seals every file again.
    /// </summary>
    private string ScannerConfiguration(SyncOptions options)
    {
        var scanner = secrets switch
        {
            null => "none",
            SecretScanner s => s.ConfigurationFingerprint,
            _ => secrets.GetType().FullName ?? "custom",
        };
        return options.Secrets == SecretDisposition.Seal && secrets is not null ? $"{scanner};seal:{options.SealKey!.Id}" : scanner;
    }

    /// <summary>
    /// The sealed files of the baseline's snapshot, from its report. A sealed file that the stat cache finds
    /// unchanged is not read again; its report entry is carried over from here.
    /// </summary>
    private Dictionary<string, ReportEntry> SealedBefore(Baseline baseline, SyncOptions options)
    {
        var sealedEntries = new Dictionary<string, ReportEntry>(StringComparer.Ordinal);
        if (options.Secrets != SecretDisposition.Seal || baseline.CommitId is null || !baseline.Files.Values.Any(f => f.Stamp is not null))
        {
            return sealedEntries;
        }

        foreach (var entry in repository.ReadReport(baseline.CommitId)?.Entries ?? [])
        {
            if (entry.Disposition == Disposition.SealedSecret && !entry.IsDirectory)
            {
                sealedEntries[entry.Path] = entry;
            }
        }

        return sealedEntries;
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // The walk's own failure is the one reported.
        }
    }

    private Baseline LoadBaseline(string? head, SyncOptions options, CancellationToken cancellationToken)
    {
        var cached = state.LoadBaseline();
        if (cached.CommitId == head && head is not null && cached.Scanner != ScannerConfiguration(options))
        {
            // Rules or allow list changed: every stored file must be scanned again, so no stamp is trusted.
            var untrusted = cached.Files.ToDictionary(kv => kv.Key, kv => kv.Value with { Stamp = null }, StringComparer.Ordinal);
            return new Baseline(cached.CommitId, untrusted) { Trees = cached.Trees, Scanner = cached.Scanner };
        }

        if (cached.CommitId == head)
        {
            return head is null ? Baseline.Empty() : cached;
        }

        if (head is null)
        {
            return Baseline.Empty();
        }

        logger.BaselineRebuilt(cached.CommitId ?? "(none)", head);
        return new Baseline(head, repository.ReadFiles(head, cancellationToken));
    }

    /// <summary>
    /// The file system's notion of "now", read from a file we touch: mtimes at or after it are racy,
    /// because a later write within the same timestamp tick would be invisible to the stat cache.
    /// </summary>
    private long FileSystemNow()
    {
        Directory.CreateDirectory(config.StateDirectory);
        var clock = Path.Combine(config.StateDirectory, ".clock");
        File.WriteAllBytes(clock, []);
        var stat = NativeStat.LStat(clock);
        return stat.Exists ? stat.Stamp.MtimeNs : long.MaxValue;
    }
}

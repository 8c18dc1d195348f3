using BrainRepo.Core.Model;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Secrets;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Operations;

public sealed partial class SyncPipeline
{
    /// <summary>
    /// Takes a snapshot under the run's lease and the workspace's file lock, both held by the caller: stale git
    /// locks are removed (only provably stale ones), the engine runs with the fencing check right before the branch
    /// moves, the run is recorded (also when it fails), and the packs are consolidated after a new commit.
    /// </summary>
    /// <exception cref="WorkspaceBusyException">A live git process holds a lock in the backup repository.</exception>
    public async Task<SyncResult> SnapshotUnderLockAsync(
        CoordinatedRun run, WorkspaceConfig config, SyncOptions options, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var locks = new GitLockJanitor(ProcGitProcessProbe.Instance, new GitLockOptions(), services.Time, services.LoggerFactory.CreateLogger<GitLockJanitor>())
            .RemoveStaleLocks(config.RepositoryPath, config.RepositoryPath, previousOwnerDead: false);
        if (locks.Busy)
        {
            throw new WorkspaceBusyException(
                $"The backup repository is busy: a live git process holds {string.Join(", ", locks.Held.Select(Path.GetFileName))}. Nothing was changed; the sync runs again on the next request.");
        }

        using var repository = OpenRepository(config, create: false, cancellationToken);
        using var state = services.Storage.OpenState(config);
        var engine = new SnapshotEngine(
            config, repository, state, services.Time, services.LoggerFactory.CreateLogger<SnapshotEngine>(),
            await SecretScannerFactory.ForWorkspaceAsync(config, cancellationToken).ConfigureAwait(false));
        var fenced = WithSealKey(config, options, events) with
        {
            BeforeCommit = token => run.EnsureStillOwnerAsync(token).GetAwaiter().GetResult(),
        };
        var progress = events is null ? null : new InlineProgress<SyncProgress>(p => events.Report(new SyncProgressed(p)));
        var startedAt = services.Time.GetUtcNow();
        try
        {
            var result = await engine.RunAsync(fenced, progress, cancellationToken).ConfigureAwait(false);
            var report = result.Report;
            state.RecordRun(new SyncRunRecord(
                startedAt, result.Duration, report.Status == SnapshotStatus.Complete ? "complete" : "incomplete", result.CommitId,
                result.Stored, report.Entries.Count, result.Added + result.Modified, result.Deleted, result.BytesRead, null));
            if (!result.Unchanged)
            {
                ConsolidatePacks(repository, cancellationToken);
            }

            return result;
        }
        catch (Exception ex)
        {
            var outcome = ex is OperationCanceledException ? "cancelled" : "error";
            try
            {
                state.RecordRun(new SyncRunRecord(startedAt, services.Time.GetUtcNow() - startedAt, outcome, null, 0, 0, 0, 0, 0, ex.Message));
            }
            catch (Exception recordFailure) when (recordFailure is not OutOfMemoryException)
            {
                // The run's own failure is the one to report (a full disk fails this record too).
                services.LoggerFactory.CreateLogger<SyncPipeline>().RunRecordFailed(recordFailure.GetType().Name, recordFailure.Message);
            }

            throw;
        }
    }

    /// <summary>The workspace's secret disposition and, under <c>secrets = "seal"</c>, its key (created on first use).</summary>
    private SyncOptions WithSealKey(WorkspaceConfig config, SyncOptions options, IProgress<OperationEvent>? events)
    {
        options = options with { Secrets = config.Policy.Secrets };
        if (config.Policy.Secrets != SecretDisposition.Seal)
        {
            return options;
        }

        var loaded = new SealKeyStore(config.SealKeyFile, services.GetEnvironment).Load(createIfMissing: true)!;
        if (loaded.Source == SealKeySource.Created)
        {
            events?.Report(new SealKeyCreated(loaded.Key.Id, loaded.Location));
        }

        return options with { SealKey = loaded.Key };
    }

    /// <summary>Housekeeping after a committed snapshot, under the same lease: a failure is logged, never the sync's.</summary>
    private void ConsolidatePacks(IBackupRepository repository, CancellationToken cancellationToken)
    {
        var logger = services.LoggerFactory.CreateLogger<SyncPipeline>();
        var started = services.Time.GetTimestamp();
        try
        {
            if (repository.ConsolidatePacks(cancellationToken) is var (before, after))
            {
                logger.PacksConsolidated(before, after, (long)services.Time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (Exception ex) when (ex is BrainRepoException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.PackConsolidationFailed(repository.PackCount(), ex.Message);
        }
    }
}

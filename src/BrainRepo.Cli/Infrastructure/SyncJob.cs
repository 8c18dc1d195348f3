using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// One sync of one workspace under a coordination lease: the same code serves <c>brainrepo sync</c>
/// and <c>brainrepo worker</c>. The fencing check runs right before the branch moves, and the
/// per-workspace flock stays as a second, kernel-enforced guard on this host. The push happens
/// under the same lease, so no two pushes of one workspace ever run at once.
/// </summary>
public sealed class SyncJob(CliContext context, WorkspaceConfig config, SyncOptions options, IProgress<SyncProgress>? progress, bool push = true, bool json = false)
{
    public SyncResult? LastResult { get; private set; }

    /// <summary>Housekeeping after a committed snapshot, under the same lease: a failure is logged, never the sync's.</summary>
    private void ConsolidatePacks(GitBackupRepository repository, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger<SyncJob>();
        var started = context.Time.GetTimestamp();
        try
        {
            if (repository.ConsolidatePacks(GitBackupRepository.DefaultPackLimit, cancellationToken) is var (before, after))
            {
                logger.PacksConsolidated(before, after, (long)context.Time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (Exception ex) when (ex is BrainRepoException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.PackConsolidationFailed(repository.PackCount(), ex.Message);
        }
    }

    public async Task<RunOutcome> RunAsync(CoordinatedRun run, CancellationToken cancellationToken)
    {
        using var held = await WorkspaceLock.AcquireAsync(config.StateDirectory, TimeSpan.FromMinutes(5), context.Time, null, cancellationToken);
        var locks = new GitLockJanitor(ProcGitProcessProbe.Instance, new GitLockOptions(), context.Time, context.LoggerFactory.CreateLogger<GitLockJanitor>())
            .RemoveStaleLocks(config.RepositoryPath, config.RepositoryPath, previousOwnerDead: false);
        if (locks.Busy)
        {
            throw new WorkspaceBusyException(
                $"The backup repository is busy: a live git process holds {string.Join(", ", locks.Held.Select(Path.GetFileName))}. Nothing was changed; the sync runs again on the next request.");
        }

        using var session = WorkspaceSession.Open(config, cancellationToken);
        var engine = new Core.Snapshots.SnapshotEngine(
            config, session.Repository, session.State, context.Time, context.LoggerFactory.CreateLogger<Core.Snapshots.SnapshotEngine>(),
            await SecretScannerFactory.ForWorkspaceAsync(config, cancellationToken));
        var fenced = SealKeys.ForSync(context, config, options) with
        {
            BeforeCommit = token => run.EnsureStillOwnerAsync(token).GetAwaiter().GetResult(),
        };
        var startedAt = context.Time.GetUtcNow();
        try
        {
            var result = await engine.RunAsync(fenced, progress, cancellationToken);
            var report = result.Report;
            session.State.RecordRun(new SyncRunRecord(
                startedAt, result.Duration, report.Status == SnapshotStatus.Complete ? "complete" : "incomplete", result.CommitId,
                result.Stored, report.Entries.Count, result.Added + result.Modified, result.Deleted, result.BytesRead, null));
            LastResult = result;
            if (!result.Unchanged)
            {
                ConsolidatePacks(session.Repository, cancellationToken);
            }

            // The push runs inside the lease: CoordinatedRun.PushAsync checks the fencing token first,
            // and a user's cancel never interrupts a push that has started.
            await run.PushAsync(
                async pushToken =>
                {
                    await PushService.AfterSyncAsync(context, config, result.CommitId, push, json, pushToken);
                    return true;
                },
                cancellationToken);
            return RunOutcome.Succeeded;
        }
        catch (Exception ex)
        {
            var outcome = ex is OperationCanceledException ? "cancelled" : "error";
            session.State.RecordRun(new SyncRunRecord(startedAt, context.Time.GetUtcNow() - startedAt, outcome, null, 0, 0, 0, 0, 0, ex.Message));
            throw;
        }
    }
}

using BrainRepo.Core.Storage;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

public sealed partial class SyncPipeline
{
    /// <summary>
    /// Opens the backup repository for a snapshot. A repository that has vanished (an unmounted disk, a moved
    /// folder, a changed <c>repository</c> key) stops the sync: a new, empty history is started in its place only
    /// with <paramref name="create"/> (<see cref="SyncRequest.RecreateRepository"/>).
    /// </summary>
    /// <exception cref="BackupRepositoryMissingException">The repository is missing and <paramref name="create"/> is false; nothing was written.</exception>
    private IBackupRepository OpenRepository(WorkspaceConfig config, bool create, CancellationToken cancellationToken)
    {
        try
        {
            return services.Storage.OpenRepository(config, cancellationToken);
        }
        catch (BackupRepositoryMissingException) when (create)
        {
            return services.Storage.CreateRepository(config, cancellationToken);
        }
        catch (BackupRepositoryMissingException ex)
        {
            throw new BackupRepositoryMissingException(ex.Path, MissingRepositoryMessage(config, ex.Path), ex);
        }
    }

    /// <summary>What the workspace's own state knows of the history that was in the missing repository, and the fix.</summary>
    private string MissingRepositoryMessage(WorkspaceConfig config, string path)
    {
        string? last;
        string? remote = null;
        using (var push = services.Storage.OpenPushState(config))
        {
            var pushState = push.LoadPushState();
            last = pushState.LastSnapshotCommit;
            if (push.GetRemote() is { } configured && pushState.LastVerifiedCommit is { } pushed)
            {
                remote = $" The remote {configured.Spec.Display} holds the snapshots pushed up to {Short(pushed)}.";
            }
        }

        if (last is null)
        {
            using var state = services.Storage.OpenState(config);
            last = state.RecentRuns(20).FirstOrDefault(r => r.CommitId is not null)?.CommitId;
        }

        var history = last is null
            ? ""
            : $" This workspace's snapshots, up to {Short(last)}, were stored in it.{remote}";
        return $"The backup repository '{path}' is missing (an unmounted disk, or a moved folder?).{history} Nothing was created or changed. "
            + $"Fix: mount the disk or put the repository back, or correct 'repository' in {config.ConfigFile}. "
            + "Only to start a new, empty history there instead, run 'brainrepo sync --recreate-repository'.";
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}

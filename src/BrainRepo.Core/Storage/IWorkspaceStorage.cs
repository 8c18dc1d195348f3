using BrainRepo.Core.Model;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Storage;

/// <summary>
/// Opens what a registered workspace is stored in: its backup repository, its local state, its push state, its
/// tags and its remote. The hosts compose it from the git and SQLite adapters; the use cases in
/// <c>BrainRepo.Core.Operations</c> only see these interfaces.
/// </summary>
public interface IWorkspaceStorage
{
    /// <summary>
    /// Opens the workspace's backup repository. It never creates one: a repository that is absent (an unmounted
    /// disk, a moved folder) is a <see cref="Errors.BackupRepositoryMissingException"/> and nothing is written.
    /// </summary>
    IBackupRepository OpenRepository(WorkspaceConfig config, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the workspace's backup repository when it is absent, then opens it. Only on the user's explicit
    /// word: <c>brainrepo init</c>, or a sync told to start a new history.
    /// </summary>
    IBackupRepository CreateRepository(WorkspaceConfig config, CancellationToken cancellationToken);

    /// <summary>
    /// The newest snapshot of the backup repository at <paramref name="repositoryPath"/>, without creating anything:
    /// null when there is no repository there or it holds no snapshot yet.
    /// </summary>
    SnapshotInfo? NewestSnapshotIn(string repositoryPath);

    /// <summary>Opens the workspace's stat cache and run history.</summary>
    IStateStore OpenState(WorkspaceConfig config);

    /// <summary>Opens the workspace's remote settings and push state.</summary>
    IPushStateStore OpenPushState(WorkspaceConfig config);

    /// <summary>The tags of the workspace's backup repository.</summary>
    ISnapshotTagStore Tags(WorkspaceConfig config);

    /// <summary>The client that pushes the workspace's backup repository to its remote.</summary>
    IRemoteClient RemoteClient(WorkspaceConfig config);
}

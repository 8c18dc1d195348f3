using BrainRepo.Core.Model;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git;
using BrainRepo.Git.Remote;
using BrainRepo.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>A workspace stored on this host: a git backup repository, SQLite state and push state, and the git CLI for the remote.</summary>
public sealed class LocalWorkspaceStorage(ILoggerFactory loggerFactory, TimeProvider time) : IWorkspaceStorage
{
    public IBackupRepository OpenRepository(WorkspaceConfig config, CancellationToken cancellationToken) =>
        GitBackupRepository.OpenPrivate(config.RepositoryPath, cancellationToken);

    public IBackupRepository CreateRepository(WorkspaceConfig config, CancellationToken cancellationToken) =>
        GitBackupRepository.CreateOrOpen(config.RepositoryPath, cancellationToken);

    public SnapshotInfo? NewestSnapshotIn(string repositoryPath)
    {
        if (!Directory.Exists(Path.Combine(repositoryPath, "objects")))
        {
            return null;
        }

        using var repository = GitBackupRepository.Open(repositoryPath);
        return repository.Log(1).FirstOrDefault();
    }

    public IStateStore OpenState(WorkspaceConfig config) => new SqliteStateStore(config.StateDatabase);

    public IPushStateStore OpenPushState(WorkspaceConfig config) => new SqlitePushStateStore(config.StateDatabase);

    public ISnapshotTagStore Tags(WorkspaceConfig config) =>
        new GitSnapshotTags(config.RepositoryPath, logger: loggerFactory.CreateLogger<GitSnapshotTags>(), timeProvider: time);

    public IRemoteClient RemoteClient(WorkspaceConfig config) =>
        new GitRemoteClient(config.RepositoryPath, logger: loggerFactory.CreateLogger<GitRemoteClient>(), timeProvider: time);
}

using BrainRepo.Core.Workspaces;
using BrainRepo.Git;
using BrainRepo.Storage.Sqlite;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>Composes a registered workspace's config, backup repository and state store.</summary>
public sealed class WorkspaceSession : IDisposable
{
    private WorkspaceSession(WorkspaceConfig config, GitBackupRepository repository, SqliteStateStore state)
    {
        Config = config;
        Repository = repository;
        State = state;
    }

    public WorkspaceConfig Config { get; }

    public GitBackupRepository Repository { get; }

    public SqliteStateStore State { get; }

    public static WorkspaceConfig FindConfig(CliContext context, string? workspace)
    {
        var registry = new WorkspaceRegistry(DataDirectory.Resolve(context.GetEnvironment));
        var path = workspace is null ? context.CurrentDirectory : Path.GetFullPath(workspace, context.CurrentDirectory);
        return registry.Find(path);
    }

    /// <summary>Opens the workspace for reading: a missing backup repository is an error, never created here.</summary>
    public static WorkspaceSession Open(WorkspaceConfig config, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var repository = GitBackupRepository.Open(config.RepositoryPath);
        try
        {
            return new WorkspaceSession(config, repository, new SqliteStateStore(config.StateDatabase));
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        State.Dispose();
        Repository.Dispose();
    }
}

using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// Unregisters a workspace, under its lease and file lock so that no sync runs meanwhile: its configuration goes
/// first (from then on it is not registered), then its state (run history, stat cache, push state, stored token).
/// The workspace folder is never touched. The backup repository is kept unless asked for, and so is the seal key,
/// without which the repository's sealed files cannot be opened. Pending sync requests are dropped with it.
/// </summary>
public sealed class UnregisterPipeline(OperationServices services, string dataDirectory)
{
    public async Task<UnregisterOutcome> RemoveAsync(string workspaceRoot, bool deleteRepository, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        var registry = new WorkspaceRegistry(dataDirectory);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        var config = registry.FindExact(root) ?? throw new BrainRepoException(
            ErrorCodes.WorkspaceNotRegistered,
            $"'{root}' is not a registered workspace; nothing was changed. Fix: 'brainrepo workspaces' lists them (give the folder exactly as listed).");
        var folder = registry.FolderFor(root);
        UnregisterOutcome? outcome = null;

        // The job "serves" the pending sync requests: they end with the registration.
        var attempt = await services.Coordinator.RunExclusiveAsync(
            WorkspaceRegistry.IdFor(root),
            async (_, token) =>
            {
                using (await ExclusiveRun.LockAsync(config, services.Time, events, token).ConfigureAwait(false))
                {
                    outcome = Remove(config, folder, deleteRepository);
                }

                return RunOutcome.Succeeded;
            },
            servesRequests: true,
            wait,
            services.PollInterval,
            () => events?.Report(new WaitingForWorkspace()),
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, "unregistration");
    }

    private static UnregisterOutcome Remove(WorkspaceConfig config, string folder, bool deleteRepository)
    {
        var repository = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.RepositoryPath));
        File.Delete(config.ConfigFile);
        var sealKey = File.Exists(config.SealKeyFile) ? Path.GetFullPath(config.SealKeyFile) : null;
        if (Directory.Exists(folder))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                var full = Path.GetFullPath(entry);
                if (string.Equals(full, repository, StringComparison.Ordinal) || string.Equals(full, sealKey, StringComparison.Ordinal))
                {
                    continue;
                }

                if (Directory.Exists(full) && !File.GetAttributes(full).HasFlag(FileAttributes.ReparsePoint))
                {
                    Directory.Delete(full, recursive: true);
                }
                else
                {
                    File.Delete(full);
                }
            }
        }

        var deleted = false;
        if (deleteRepository && Directory.Exists(repository))
        {
            // Only what is a bare git repository: --repo may have named any folder.
            if (!Directory.Exists(Path.Combine(repository, "objects")) || !File.Exists(Path.Combine(repository, "HEAD")))
            {
                throw new BrainRepoException(
                    ErrorCodes.FileAccess,
                    $"The workspace is unregistered, but '{repository}' does not look like a git repository, so it was not deleted. Fix: delete it by hand if it is yours to delete.");
            }

            Directory.Delete(repository, recursive: true);
            deleted = true;
        }

        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }

        return new UnregisterOutcome(config.WorkspaceRoot, repository, deleted, sealKey);
    }
}

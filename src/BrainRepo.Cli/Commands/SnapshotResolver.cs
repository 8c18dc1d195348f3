using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Cli.Commands;

internal static class SnapshotResolver
{
    public static string Resolve(IBackupRepository repository, string snapshot) =>
        repository.Resolve(snapshot) ?? throw new BrainRepoException(
            ErrorCodes.SnapshotNotFound,
            repository.Head() is null
                ? "There are no snapshots yet. Fix: run 'brainrepo sync' first."
                : $"No snapshot named '{snapshot}'. Fix: pick one from 'brainrepo log'.");
}

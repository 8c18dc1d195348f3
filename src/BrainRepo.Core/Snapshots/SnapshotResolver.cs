using BrainRepo.Core.Storage;
using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Snapshots;

/// <summary>Resolves a snapshot name a user typed, or says plainly why it cannot.</summary>
public static class SnapshotResolver
{
    /// <summary>The commit id of <paramref name="snapshot"/> (a commit id or prefix, a tag, HEAD, HEAD~N).</summary>
    /// <exception cref="BrainRepoException">No such snapshot, or none yet.</exception>
    public static string Resolve(IBackupRepository repository, string snapshot) =>
        repository.Resolve(snapshot) ?? throw new BrainRepoException(
            ErrorCodes.SnapshotNotFound,
            repository.Head() is null
                ? "There are no snapshots yet. Fix: run 'brainrepo sync' first."
                : $"No snapshot named '{snapshot}'. Fix: pick one from 'brainrepo log'.");
}

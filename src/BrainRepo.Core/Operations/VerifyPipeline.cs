using BrainRepo.Core.Inventory;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Verify;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The verify use case: the disk-versus-backup sweep of one snapshot. Every file on disk is re-hashed and must be
/// identical in the snapshot or explained by its report; every stored object is re-hashed. The files outside every
/// watch path are counted too: they are in no snapshot. Reads only.
/// </summary>
public sealed class VerifyPipeline(OperationServices services)
{
    public async Task<VerifyResult> RunAsync(WorkspaceConfig config, string snapshot, SealKey? sealKey, CancellationToken cancellationToken)
    {
        using var repository = services.Storage.OpenRepository(config, cancellationToken);
        var commit = SnapshotResolver.Resolve(repository, snapshot);
        return await Task.Run(
            () =>
            {
                var result = new SnapshotVerifier(config.WorkspaceRoot, repository, sealKey).Verify(commit, cancellationToken);
                var watchPaths = repository.ReadReport(commit)?.WatchPaths ?? config.Policy.WatchPaths;
                return result with { Coverage = WatchCoverage.Inspect(config.WorkspaceRoot, config.Policy, watchPaths, cancellationToken) };
            },
            cancellationToken).ConfigureAwait(false);
    }
}

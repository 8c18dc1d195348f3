using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The cancel use case: asks the run that holds a workspace to stop at its next checkpoint. It commits nothing
/// partial, and a push that has started runs to its end.
/// </summary>
public sealed class CancelPipeline(OperationServices services)
{
    /// <summary>Returns whether a run held the workspace (false: nothing to cancel).</summary>
    public Task<bool> RunAsync(WorkspaceConfig config, CancellationToken cancellationToken) =>
        services.Coordinator.RequestCancelAsync(WorkspaceRegistry.IdFor(config.WorkspaceRoot), cancellationToken);
}

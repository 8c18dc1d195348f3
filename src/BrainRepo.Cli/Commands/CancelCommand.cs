using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Workspaces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo cancel</c>: asks the running sync of a workspace to stop. The runner checks between
/// stages and batches, commits nothing partial, and never interrupts a push that has started.
/// </summary>
public sealed class CancelCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var store = await CoordinationFactory.OpenAsync(context, null, cancellationToken);
        await using var disposeStore = store as IAsyncDisposable ?? NoopAsyncDisposable.Instance;
        var key = WorkspaceRegistry.IdFor(config.WorkspaceRoot);
        var state = await store.GetStateAsync(key, cancellationToken);
        if (state is null || !state.IsLeased)
        {
            context.Out.MarkupLine("No sync of this workspace is running: nothing to cancel.");
            return ExitCodes.Complete;
        }

        await store.RequestCancelAsync(key, cancellationToken);
        context.Out.MarkupLine("Cancel requested: the running sync stops at its next checkpoint and commits nothing partial; a push that has started runs to its end.");
        return ExitCodes.Complete;
    }
}

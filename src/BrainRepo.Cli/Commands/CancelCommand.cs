using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
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
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var requested = await new CancelPipeline(operations.Services).RunAsync(config, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["workspace"] = config.WorkspaceRoot, ["cancel_requested"] = requested });
            return ExitCodes.Complete;
        }

        if (!requested)
        {
            context.Out.MarkupLine("No sync of this workspace is running: nothing to cancel.");
            return ExitCodes.Complete;
        }

        context.Out.MarkupLine("Cancel requested: the running sync stops at its next checkpoint and commits nothing partial; a push that has started runs to its end.");
        return ExitCodes.Complete;
    }
}

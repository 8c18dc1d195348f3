using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo remote remove</c>: forgets the remote and deletes its stored token. The remote itself is not touched.</summary>
public sealed class RemoteRemoveCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var change = await new RemotePipeline(operations.Services).RemoveAsync(config, TimeSpan.FromHours(1), new ConsoleEvents(context), cancellationToken);
        var (previous, removed, tokenRemoved) = (change.Previous, change.Previous is not null, change.TokenRemoved);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["removed"] = removed, ["token_removed"] = tokenRemoved });
        }
        else if (previous is not null)
        {
            context.Out.MarkupLineInterpolated($"Remote {previous.Spec.Display} removed{(tokenRemoved ? " and its token deleted" : string.Empty)}. Nothing was changed on the remote itself.");
        }
        else
        {
            context.Out.MarkupLine("No remote was configured.");
        }

        return ExitCodes.Complete;
    }
}

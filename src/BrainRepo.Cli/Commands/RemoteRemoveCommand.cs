using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo remote remove</c>: forgets the remote and deletes its stored token. The remote itself is not touched.</summary>
public sealed class RemoteRemoveCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var held = await WorkspaceLocks.AcquireAsync(context, config, cancellationToken);
        using var service = new PushService(context, config);
        var previous = service.Store.GetRemote();
        var tokenRemoved = await PushService.OpenCredentials(context, config).RemoveTokenAsync(PushService.CredentialName, cancellationToken);
        var old = service.Store.LoadPushState();
        var removed = service.Store.RemoveRemote(PushState.Initial with { LastSnapshotCommit = old.LastSnapshotCommit, LastSnapshotAt = old.LastSnapshotAt });
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["removed"] = removed, ["token_removed"] = tokenRemoved });
        }
        else if (removed && previous is not null)
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

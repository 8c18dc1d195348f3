using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Credentials;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo remote show</c>: the remote, whether a token is stored (never its value), and the push state.</summary>
public sealed class RemoteShowCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var view = PushStatusView.Read(config, context.Time.GetUtcNow());
        var token = await TokenStatusAsync(view, config, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["remote"] = view.ToJson(), ["token"] = token });
            return ExitCodes.Complete;
        }

        view.Print(context.Out);
        if (view.Remote is not null)
        {
            context.Out.MarkupLineInterpolated($"Token       {token}");
        }

        return ExitCodes.Complete;
    }

    private async Task<string> TokenStatusAsync(PushStatusView view, Core.Workspaces.WorkspaceConfig config, CancellationToken cancellationToken)
    {
        if (view.Remote?.CredentialName is not { } name)
        {
            return "none";
        }

        try
        {
            return await new CredentialStore(new CredentialStoreOptions(config.StateDirectory), context.LoggerFactory.CreateLogger<CredentialStore>(), context.GetEnvironment).GetTokenAsync(name, cancellationToken) is null
                ? "missing from the credential store (set it again with 'brainrepo remote set')"
                : "stored (encrypted)";
        }
        catch (Exception ex) when (ex is CredentialDecryptionException or InvalidMasterKeyException or CredentialFileException)
        {
            // The same words as the failed push: the code and the message that names the file and the fix.
            return $"error {((Core.Errors.BrainRepoException)ex).Code}: {ex.Message}";
        }
    }
}

using System.ComponentModel;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Workspaces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo workspaces remove &lt;dir&gt;</c>: unregisters a workspace. Its folder is never touched; its backup
/// repository (and seal key) are kept unless <c>--delete-repository</c> is given.
/// </summary>
public sealed class WorkspacesRemoveCommand(CliContext context) : AsyncCommand<WorkspacesRemoveCommand.Settings>
{
    public sealed class Settings : WorkspacesCommand.Settings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("The workspace folder, as 'brainrepo workspaces' lists it.")]
        public string Directory { get; init; } = "";

        [CommandOption("--delete-repository")]
        [Description("Also delete the backup repository (by default it is kept, so its snapshots stay restorable).")]
        public bool DeleteRepository { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new UnregisterPipeline(operations.Services, DataDirectory.Resolve(context.GetEnvironment)).RemoveAsync(
            Path.GetFullPath(settings.Directory, context.CurrentDirectory), settings.DeleteRepository, TimeSpan.FromHours(1), new ConsoleEvents(context), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["workspace"] = outcome.WorkspaceRoot,
                ["repository"] = outcome.RepositoryPath,
                ["repository_deleted"] = outcome.RepositoryDeleted,
                ["seal_key_kept"] = outcome.KeptSealKey,
            });
            return ExitCodes.Complete;
        }

        context.Out.MarkupLineInterpolated($"Unregistered {outcome.WorkspaceRoot}: it is no longer backed up (its files were not touched).");
        if (outcome.RepositoryDeleted)
        {
            context.Out.MarkupLineInterpolated($"  repository  {outcome.RepositoryPath} deleted");
        }
        else
        {
            context.Out.MarkupLineInterpolated($"  repository  {outcome.RepositoryPath} kept: restore from it with 'brainrepo restore HEAD --from {outcome.RepositoryPath} --to <dir>'");
        }

        if (outcome.KeptSealKey is not null)
        {
            context.Out.MarkupLineInterpolated($"  seal key    {outcome.KeptSealKey} kept: sealed files cannot be opened without it");
        }

        return ExitCodes.Complete;
    }
}

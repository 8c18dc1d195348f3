using BrainRepo.Core.Model;
using System.ComponentModel;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo workspaces</c>: every registered workspace, its repository, its newest snapshot and what is wrong with it.</summary>
public sealed class WorkspacesCommand(CliContext context) : AsyncCommand<WorkspacesCommand.Settings>
{
    public class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print machine-readable JSON instead of text.")]
        public bool Json { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken) =>
        Task.FromResult(Run(settings));

    private int Run(Settings settings)
    {
        var listings = new WorkspaceCatalog(new LocalWorkspaceStorage(context.LoggerFactory, context.Time), DataDirectory.Resolve(context.GetEnvironment)).List();
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, JsonOutput.Array(listings, l => new JsonObject
            {
                ["workspace"] = l.WorkspaceRoot,
                ["id"] = l.Id,
                ["config"] = l.ConfigFile,
                ["repository"] = l.RepositoryPath,
                ["snapshot"] = l.Newest?.CommitId,
                ["snapshot_time"] = l.Newest?.Time,
                ["status"] = JsonOutput.Name(l.Newest?.Status),
                ["problem"] = l.Problem,
            }));
            return ExitCodes.Complete;
        }

        if (listings.Count == 0)
        {
            context.Out.MarkupLine("No registered workspaces. Register one with 'brainrepo init <dir>'.");
            return ExitCodes.Complete;
        }

        foreach (var l in listings)
        {
            context.Out.MarkupLineInterpolated($"[bold]{l.WorkspaceRoot ?? l.Id}[/]");
            if (l.RepositoryPath is not null)
            {
                context.Out.MarkupLineInterpolated($"  repository  {l.RepositoryPath}");
            }

            var snapshot = l.Newest is null
                ? "none yet"
                : $"{l.Newest.CommitId[..12]} {l.Newest.Time.UtcDateTime:yyyy-MM-dd HH:mm}Z {(l.Newest.Status == SnapshotStatus.Incomplete ? "incomplete" : l.Newest.Status == SnapshotStatus.Complete ? "complete" : "")}".TrimEnd();
            context.Out.MarkupLineInterpolated($"  snapshot    {snapshot}");
            if (l.Problem is not null)
            {
                context.Out.MarkupLineInterpolated($"  [yellow]! {l.Problem}[/]");
            }
        }

        return ExitCodes.Complete;
    }
}

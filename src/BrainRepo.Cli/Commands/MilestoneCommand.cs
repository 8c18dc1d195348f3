using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo milestone &lt;name&gt; [-m message]</c>: takes a snapshot (the sync pipeline's, without its push),
/// tags it <c>milestone/&lt;name&gt;</c> with an annotated tag, then pushes, all under one lease. A name that breaks git's ref rules, or
/// that is already taken, is refused before anything is changed.
/// </summary>
public sealed class MilestoneCommand(CliContext context) : AsyncCommand<MilestoneCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The milestone name; the tag is milestone/<NAME>.")]
        public string Name { get; init; } = string.Empty;

        [CommandOption("-m|--message <MESSAGE>")]
        [Description("The tag message (default: 'Milestone <NAME>').")]
        public string? Message { get; init; }

        [CommandOption("--no-push")]
        [Description("Do not push to the remote now (the next push takes the milestone).")]
        public bool NoPush { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new ConsoleEvents(context).RunAsync(
            "Taking the milestone's snapshot…",
            settings.Json,
            events => new MilestonePipeline(operations.Services).RunAsync(config, settings.Name, settings.Message, !settings.NoPush, TimeSpan.FromHours(1), events, cancellationToken));
        var snapshot = outcome.Snapshot;
        var status = snapshot.Report.Status;
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["tag"] = outcome.Tag.Name,
                ["commit"] = outcome.Tag.Commit,
                ["status"] = JsonOutput.Name(status),
                ["pushed"] = outcome.Push.Kind switch
                {
                    PushOutcomeKind.Pushed => true,
                    PushOutcomeKind.Failed or PushOutcomeKind.CancelledBeforeStart => false,
                    _ => (bool?)null,
                },
            });
        }
        else
        {
            var complete = status == SnapshotStatus.Complete ? "[green]complete[/]" : "[yellow]incomplete[/]";
            context.Out.MarkupLine($"{(snapshot.Unchanged ? "No change: snapshot" : "Snapshot")} [bold]{snapshot.CommitId[..12]}[/] {complete}");
            foreach (var problem in snapshot.Report.Problems)
            {
                context.Out.MarkupLineInterpolated($"[yellow]  ! {problem}[/]");
            }

            context.Out.MarkupLineInterpolated($"Milestone {outcome.Tag.Name} -> {outcome.Tag.Commit[..12]}");
        }

        PushView.Print(context, outcome.Push, settings.Json);
        return ExitCodes.AfterSnapshot(status, outcome.Push);
    }
}

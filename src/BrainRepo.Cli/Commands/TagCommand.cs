using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo tag --daily|--weekly</c>: tags the newest snapshot <c>snapshot/daily/YYYY-MM-DD</c> or
/// <c>snapshot/weekly/YYYY-Www</c> (UTC, ISO week), once per period: asking again changes nothing.
/// </summary>
public sealed class TagCommand(CliContext context) : AsyncCommand<TagCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--daily")]
        [Description("Tag today's snapshot (UTC day), once per day.")]
        public bool Daily { get; init; }

        [CommandOption("--weekly")]
        [Description("Tag this week's snapshot (ISO week, UTC), once per week.")]
        public bool Weekly { get; init; }

        [CommandOption("--no-push")]
        [Description("Do not push a new tag to the remote now (the next push takes it).")]
        public bool NoPush { get; init; }

        public override ValidationResult Validate() =>
            Daily || Weekly ? ValidationResult.Success() : ValidationResult.Error("Say which tag: --daily, --weekly or both.");
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new ConsoleEvents(context).RunAsync(
            "Tagging…",
            settings.Json,
            events => new TagPipeline(operations.Services).RunAsync(config, settings.Daily, settings.Weekly, !settings.NoPush, TimeSpan.FromHours(1), events, cancellationToken));
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["tags"] = JsonOutput.Array(outcome.Tags, r => new JsonObject { ["tag"] = r.Name, ["commit"] = r.Commit, ["created"] = r.Created }),
                ["pushed"] = outcome.Push is null ? null : outcome.Push.Kind == PushOutcomeKind.Pushed,
            });
        }
        else
        {
            foreach (var r in outcome.Tags)
            {
                if (r.Created)
                {
                    context.Out.MarkupLineInterpolated($"Tagged {r.Name} -> {r.Commit[..12]}");
                }
                else
                {
                    context.Out.MarkupLineInterpolated($"{r.Name} already exists -> {r.Commit[..12]} (once per period: nothing changed)");
                }
            }
        }

        PushView.Print(context, outcome.Push, settings.Json);
        return ExitCodes.AfterSnapshot(Core.Model.SnapshotStatus.Complete, outcome.Push);
    }
}

using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Operations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo forget --keep-daily N --keep-weekly M [--dry-run]</c>: prunes daily and weekly tags, on the
/// remote first and then locally, printing what it removes and what it keeps, with reasons. Milestones and the
/// newest snapshot are always kept; removing a tag never removes a commit.
/// </summary>
public sealed class ForgetCommand(CliContext context) : AsyncCommand<ForgetCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--keep-daily <N>")]
        [Description("How many of the newest daily tags to keep.")]
        public int? KeepDaily { get; init; }

        [CommandOption("--keep-weekly <M>")]
        [Description("How many of the newest weekly tags to keep.")]
        public int? KeepWeekly { get; init; }

        [CommandOption("--dry-run")]
        [Description("Only print what would be removed and kept.")]
        public bool DryRun { get; init; }

        public override ValidationResult Validate()
        {
            if (KeepDaily is null || KeepWeekly is null)
            {
                return ValidationResult.Error("Give both --keep-daily N and --keep-weekly M.");
            }

            return KeepDaily < 0 || KeepWeekly < 0
                ? ValidationResult.Error("--keep-daily and --keep-weekly must be 0 or more.")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new ForgetPipeline(operations.Services).RunAsync(
            config, new RetentionPolicy(settings.KeepDaily!.Value, settings.KeepWeekly!.Value), settings.DryRun, TimeSpan.FromHours(1), new ConsoleEvents(context), cancellationToken);
        var plan = outcome.Plan;
        var remote = outcome.Remote;
        var removeNames = plan.Remove.Select(d => d.Tag.Name).ToList();

        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["dry_run"] = settings.DryRun,
                ["remote"] = remote?.Spec.Display,
                ["keep"] = JsonOutput.Array(plan.Keep, d => new JsonObject { ["tag"] = d.Tag.Name, ["commit"] = d.Tag.Commit, ["reason"] = d.Reason }),
                ["remove"] = JsonOutput.Array(plan.Remove, d => new JsonObject { ["tag"] = d.Tag.Name, ["commit"] = d.Tag.Commit, ["reason"] = d.Reason }),
            });
            return ExitCodes.Complete;
        }

        context.Out.MarkupLineInterpolated($"[bold]keep[/] ({plan.Keep.Count})");
        foreach (var d in plan.Keep)
        {
            context.Out.MarkupLineInterpolated($"  {d.Tag.Name,-36} {d.Tag.Commit[..12]}  {d.Reason}");
        }

        context.Out.MarkupLineInterpolated($"[bold]{(settings.DryRun ? "would remove" : "remove")}[/] ({plan.Remove.Count})");
        foreach (var d in plan.Remove)
        {
            context.Out.MarkupLineInterpolated($"  {d.Tag.Name,-36} {d.Tag.Commit[..12]}  {d.Reason}");
        }

        if (settings.DryRun)
        {
            context.Out.MarkupLine("Dry run: nothing was removed.");
        }
        else if (removeNames.Count > 0)
        {
            context.Out.MarkupLineInterpolated(
                $"Removed {removeNames.Count} tag(s) locally{(remote is null ? string.Empty : " and on " + remote.Spec.Display)}. The snapshots themselves stay in the branch history.");
        }

        return ExitCodes.Complete;
    }
}

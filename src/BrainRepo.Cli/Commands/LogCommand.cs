using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo log</c>: the snapshots, newest first, read from the backup repository.</summary>
public sealed class LogCommand(CliContext context) : AsyncCommand<LogCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("-n|--max <N>")]
        [Description("How many snapshots to show (default 20).")]
        public int Max { get; init; } = 20;
    }

    public override Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var log = session.Repository.Log(Math.Max(1, settings.Max));
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, JsonOutput.Array(log, s => new JsonObject { ["commit"] = s.CommitId, ["time"] = s.Time, ["status"] = JsonOutput.Name(s.Status), ["summary"] = s.Summary }));
            return Task.FromResult(ExitCodes.Complete);
        }

        if (log.Count == 0)
        {
            context.Out.MarkupLine("No snapshots yet. Run 'brainrepo sync'.");
        }

        foreach (var s in log)
        {
            var status = s.Status switch
            {
                SnapshotStatus.Complete => "[green]complete  [/]",
                SnapshotStatus.Incomplete => "[yellow]incomplete[/]",
                _ => "unknown   ",
            };
            context.Out.MarkupLine($"[bold]{s.CommitId[..12]}[/]  {s.Time:yyyy-MM-dd HH:mm:ss}Z  {status}  {Markup.Escape(s.Summary)}");
        }

        return Task.FromResult(ExitCodes.Complete);
    }
}

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
/// <c>brainrepo log</c>: the snapshots, newest first, read from the backup repository: what made each one (sync,
/// milestone, pre-restore safety snapshot, merge), its changes and its tags.
/// </summary>
public sealed class LogCommand(CliContext context) : AsyncCommand<LogCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("-n|--max <N>")]
        [Description("How many snapshots to show (default 20).")]
        public int Max { get; init; } = 20;
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var log = await new HistoryQuery(new LocalWorkspaceStorage(context.LoggerFactory, context.Time)).LogAsync(config, settings.Max, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, JsonOutput.Array(log, l => new JsonObject
            {
                ["commit"] = l.Snapshot.CommitId,
                ["time"] = l.Snapshot.Time,
                ["status"] = JsonOutput.Name(l.Snapshot.Status),
                ["origin"] = l.Snapshot.Origin is { } origin ? SnapshotCommitMessage.Name(origin) : null,
                ["added"] = l.Snapshot.Added,
                ["modified"] = l.Snapshot.Modified,
                ["deleted"] = l.Snapshot.Deleted,
                ["tags"] = JsonOutput.Strings(l.Tags),
                ["summary"] = l.Snapshot.Summary,
            }));
            return ExitCodes.Complete;
        }

        if (log.Count == 0)
        {
            context.Out.MarkupLine("No snapshots yet. Run 'brainrepo sync'.");
            return ExitCodes.Complete;
        }

        foreach (var (s, tags) in log)
        {
            var status = s.Status switch
            {
                SnapshotStatus.Complete => "[green]complete  [/]",
                SnapshotStatus.Incomplete => "[yellow]incomplete[/]",
                _ => "unknown   ",
            };
            var origin = s.Origin is { } o ? SnapshotCommitMessage.Name(o) : s.Summary;
            var changes = s.Added is null ? string.Empty : $"+{s.Added} ~{s.Modified} -{s.Deleted}";
            var tagText = tags.Count == 0 ? string.Empty : $"  ({string.Join(", ", tags)})";
            context.Out.MarkupLine($"[bold]{s.CommitId[..12]}[/]  {s.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {status}  {Markup.Escape(origin),-11}  {changes,-14}{Markup.Escape(tagText)}");
        }

        context.Out.MarkupLine("[grey]changes: +added ~modified -deleted files. Undo a restore: brainrepo restore pre-restore/<time>.[/]");
        return ExitCodes.Complete;
    }
}

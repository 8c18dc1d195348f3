using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;
using BrainRepo.Git;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo snapshots</c>: the tagged snapshots, grouped as daily, weekly, milestones, undo points and head, each with
/// its commit, date and completeness (read from the report inside the snapshot, so merges show it too).
/// </summary>
public sealed class SnapshotsCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var tags = await new LocalWorkspaceStorage(context.LoggerFactory, context.Time).Tags(config).ListAsync(cancellationToken);
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        string StatusOf(string commit)
        {
            if (!statuses.TryGetValue(commit, out var status))
            {
                status = session.Repository.ReadReport(commit)?.Status switch
                {
                    SnapshotStatus.Complete => "complete",
                    SnapshotStatus.Incomplete => "incomplete",
                    _ => "unknown",
                };
                statuses[commit] = status;
            }

            return status;
        }

        var head = session.Repository.Log(1).FirstOrDefault();
        var groups = new (string Name, List<SnapshotTag> Tags)[]
        {
            ("daily", Ordered(tags, SnapshotTagKind.Daily)),
            ("weekly", Ordered(tags, SnapshotTagKind.Weekly)),
            ("milestones", tags.Where(t => t.Kind == SnapshotTagKind.Milestone).OrderByDescending(t => t.CommitDate).ThenBy(t => t.Name, StringComparer.Ordinal).ToList()),
            ("undo_points", HistoryQuery.UndoPoints(tags).ToList()),
        };

        if (settings.Json)
        {
            var document = new JsonObject();
            foreach (var (name, list) in groups)
            {
                document[name] = JsonOutput.Array(list, t => new JsonObject { ["tag"] = t.Name, ["commit"] = t.Commit, ["date"] = t.CommitDate, ["status"] = StatusOf(t.Commit) });
            }

            document["head"] = head is null ? null : new JsonObject { ["tag"] = GitBackupRepository.Branch, ["commit"] = head.CommitId, ["date"] = head.Time, ["status"] = StatusOf(head.CommitId) };
            JsonOutput.Write(context.Out, document);
            return ExitCodes.Complete;
        }

        if (head is null)
        {
            context.Out.MarkupLine("No snapshots yet. Run 'brainrepo sync'.");
            return ExitCodes.Complete;
        }

        foreach (var (name, list) in groups)
        {
            var title = name == "undo_points" ? "undo points (the state before each restore; undo with: brainrepo restore <tag>)" : name;
            context.Out.MarkupLineInterpolated($"[bold]{title}[/] ({list.Count})");
            foreach (var t in list)
            {
                Row(t.Name, t.Commit, t.CommitDate, StatusOf(t.Commit));
            }
        }

        context.Out.MarkupLine("[bold]head[/]");
        Row("main", head.CommitId, head.Time, StatusOf(head.CommitId));
        return ExitCodes.Complete;
    }

    private static List<SnapshotTag> Ordered(IEnumerable<SnapshotTag> tags, SnapshotTagKind kind) =>
        tags.Where(t => t.Kind == kind).OrderByDescending(t => t.Period).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

    private void Row(string name, string commit, DateTimeOffset date, string status)
    {
        var colour = status switch { "complete" => "green", "incomplete" => "yellow", _ => "grey" };
        context.Out.MarkupLine($"  {Markup.Escape(name),-36} {commit[..12]}  {date.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  [{colour}]{status}[/]");
    }
}

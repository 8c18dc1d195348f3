using System.Text.Json.Nodes;
using BrainRepo.Core.Model;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo report [snapshot]</c>: counts per disposition, then the paths not stored with their reason: each of them
/// for a small disposition, grouped by folder for a large one (<c>--all</c> lists every path).
/// </summary>
public sealed class ReportCommand(CliContext context) : AsyncCommand<ReportCommand.Settings>
{
    public sealed class Settings : SnapshotSettings
    {
        [CommandOption("--all")]
        [Description("List every path, instead of grouping a disposition with many entries by folder.")]
        public bool All { get; init; }
    }

    private const int MaxFolders = 20;

    public override Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var commit = SnapshotResolver.Resolve(session.Repository, settings.Snapshot);
        var report = session.Repository.ReadReport(commit)
            ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Snapshot {commit[..12]} has no report.");
        // Files outside every watch path are in no snapshot: the report says how many there are on disk now.
        var coverage = WatchCoverage.Inspect(config.WorkspaceRoot, config.Policy, report.WatchPaths, cancellationToken);
        if (settings.Json)
        {
            // The stored report, plus what is true of the workspace now.
            var json = JsonNode.Parse(SnapshotReportJson.Serialize(report))!.AsObject();
            json["not_in_backup"] = report.NotInBackup;
            json["workspace"] = new JsonObject
            {
                ["files_outside_watch_paths"] = coverage.FilesOutside,
                ["unwatched_folders"] = JsonOutput.Strings(coverage.UnwatchedFolders),
            };
            JsonOutput.Write(context.Out, json);
            return Task.FromResult(ExitCodes.Complete);
        }

        var status = report.Status == SnapshotStatus.Complete ? "[green]complete[/]" : "[yellow]incomplete[/]";
        context.Out.MarkupLine($"Snapshot [bold]{commit[..12]}[/] {status}");
        var table = new Table().AddColumn("disposition").AddColumn(new TableColumn("entries").RightAligned());
        foreach (var (d, n) in report.CountByDisposition().OrderBy(kv => kv.Key))
        {
            table.AddRow(d.ToName(), n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        context.Out.Write(table);
        foreach (var problem in report.Problems)
        {
            context.Out.MarkupLineInterpolated($"[yellow]! {problem}[/]");
        }

        foreach (var note in report.Notes)
        {
            context.Out.MarkupLineInterpolated($"note: {note}");
        }

        if (WatchCoverageView.Outside(coverage) is { } outside)
        {
            context.Out.MarkupLineInterpolated($"[yellow]! {outside}: to back them up, add them to watch_paths in {config.ConfigFile}[/]");
        }

        var writer = context.Out.Profile.Out.Writer;
        var grouped = false;
        foreach (var disposition in ReportSummary.ByDisposition(report))
        {
            if (settings.All || disposition.Count() <= ReportSummary.ListedInFull)
            {
                foreach (var e in disposition)
                {
                    var carried = e.CarriedBlob is not null ? $" (kept: {e.CarriedBlob[..12]})" : e.NotInBackup ? " (not in the backup)" : "";
                    var line = e.Line is null ? "" : $" at line {e.Line}";
                    var detail = e.Detail is null ? "" : $": {e.Detail}";
                    writer.WriteLine($"{e.Disposition.ToName(),-20} {e.Path}{(e.IsDirectory ? "/" : "")}  [{e.Rule}{line}]{detail}{carried}");
                }

                continue;
            }

            grouped = true;
            var folders = ReportSummary.ByFolder(disposition);
            writer.WriteLine($"{disposition.Key.ToName(),-20} {disposition.Count():N0} entries in {folders.Count:N0} folder(s):");
            foreach (var g in folders.Take(MaxFolders))
            {
                writer.WriteLine($"  {g.Count,8:N0}  {g.Folder}  [{string.Join(", ", g.Rules.Take(3))}{(g.Rules.Count > 3 ? ", …" : "")}]");
            }

            if (folders.Count > MaxFolders)
            {
                writer.WriteLine($"  … and {folders.Count - MaxFolders:N0} more folder(s)");
            }
        }

        if (grouped)
        {
            context.Out.MarkupLine("Large dispositions are grouped by folder; [bold]brainrepo report --all[/] lists every path ([bold]--json[/] for scripts).");
        }

        return Task.FromResult(report.Status == SnapshotStatus.Complete ? ExitCodes.Complete : ExitCodes.Incomplete);
    }
}

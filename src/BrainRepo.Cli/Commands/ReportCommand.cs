using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo report [snapshot]</c>: counts per disposition and every path not stored, with its reason.</summary>
public sealed class ReportCommand(CliContext context) : AsyncCommand<SnapshotSettings>
{
    public override Task<int> ExecuteAsync(CommandContext commandContext, SnapshotSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var commit = SnapshotResolver.Resolve(session.Repository, settings.Snapshot);
        var report = session.Repository.ReadReport(commit)
            ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Snapshot {commit[..12]} has no report.");
        if (settings.Json)
        {
            context.Out.Profile.Out.Writer.Write(System.Text.Encoding.UTF8.GetString(SnapshotReportJson.Serialize(report)));
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

        foreach (var e in report.Entries)
        {
            var carried = e.CarriedBlob is null ? "" : $" (kept: {e.CarriedBlob[..12]})";
            var line = e.Line is null ? "" : $" at line {e.Line}";
            var detail = e.Detail is null ? "" : $": {e.Detail}";
            context.Out.Profile.Out.Writer.WriteLine($"{e.Disposition.ToName(),-20} {e.Path}{(e.IsDirectory ? "/" : "")}  [{e.Rule}{line}]{detail}{carried}");
        }

        return Task.FromResult(report.Status == SnapshotStatus.Complete ? ExitCodes.Complete : ExitCodes.Incomplete);
    }
}

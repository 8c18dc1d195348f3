using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using BrainRepo.Git;
using BrainRepo.Core.Workspaces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo status</c>: the last snapshot, its age and completeness, and the last run's outcome.</summary>
public sealed class StatusCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var coordination = await operations.Store.GetStateAsync(WorkspaceRegistry.IdFor(config.WorkspaceRoot), cancellationToken);
        var activity = coordination switch
        {
            { IsLeased: true, CancelRequested: true } => "cancelling (waiting for the next checkpoint, or for the push to finish)",
            { IsLeased: true } => "running",
            // A failed run leaves its request pending: it is served again by the next sync (or a worker), not queued behind anything.
            { IsPending: true, LastOutcome: "failed" } => "idle: the last run failed; the next sync (or a worker) runs its request again",
            { IsPending: true } => "queued",
            _ => "idle",
        };
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var head = session.Repository.Head();
        var last = session.State.RecentRuns(1).FirstOrDefault();
        var (info, report, damage) = ReadHead(session.Repository, head, cancellationToken);
        var age = info is null ? (TimeSpan?)null : context.Time.GetUtcNow() - info.Time;
        var lastRunFailed = (last is not null && last.Outcome is "error" or "cancelled")
            || coordination is { IsLeased: false, IsPending: true, LastOutcome: "failed" };
        var push = PushStatusView.Read(config, context.Time.GetUtcNow());

        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["workspace"] = config.WorkspaceRoot,
                ["repository"] = config.RepositoryPath,
                ["snapshot"] = head,
                ["snapshot_time"] = info?.Time,
                ["age_seconds"] = age is null ? (double?)null : Math.Round(age.Value.TotalSeconds),
                ["status"] = JsonOutput.Name(report?.Status),
                ["stored_files"] = report?.StoredFiles,
                ["not_in_backup"] = report?.NotInBackup,
                ["problems"] = JsonOutput.Strings(report?.Problems ?? []),
                ["notes"] = JsonOutput.Strings(report?.Notes ?? []),
                ["last_run"] = last is null ? null : new JsonObject { ["outcome"] = last.Outcome, ["started_at"] = last.StartedAt, ["error"] = last.Error },
                ["activity"] = activity,
                ["damage"] = damage is null ? null : new JsonObject { ["code"] = ErrorCodes.RepositoryDamaged, ["message"] = damage },
                ["remote"] = push.ToJson(),
            });
        }
        else
        {
            context.Out.MarkupLineInterpolated($"Workspace   {config.WorkspaceRoot}");
            context.Out.MarkupLineInterpolated($"Repository  {config.RepositoryPath}");
            context.Out.MarkupLineInterpolated($"Activity    {activity}");
            if (damage is not null)
            {
                context.Out.MarkupLineInterpolated($"[red]Damage      error {ErrorCodes.RepositoryDamaged}: {damage}[/]");
            }

            if (head is not null && (report is null || info is null) && damage is not null)
            {
                context.Out.MarkupLineInterpolated($"Snapshot    [red]{head[..12]} cannot be read[/]");
            }
            else if (head is null || report is null || info is null)
            {
                context.Out.MarkupLine("Snapshot    [yellow]none yet[/] (run 'brainrepo sync')");
            }
            else
            {
                var status = report.Status == SnapshotStatus.Complete ? "[green]complete[/]" : "[yellow]incomplete[/]";
                context.Out.MarkupLine($"Snapshot    [bold]{head[..12]}[/] {status}, {report.StoredFiles} files{(report.NotInBackup > 0 ? $", [yellow]{report.NotInBackup} not in the backup[/]" : "")}, {Humanize(age!.Value)} ago ({info.Time:u})");
                foreach (var problem in report.Problems)
                {
                    context.Out.MarkupLineInterpolated($"[yellow]  ! {problem}[/]");
                }

                foreach (var note in report.Notes)
                {
                    context.Out.MarkupLineInterpolated($"  note: {note}");
                }
            }

            if (last is not null)
            {
                context.Out.MarkupLineInterpolated($"Last run    {last.Outcome} at {last.StartedAt:u}{(last.Error is null ? "" : ": " + last.Error)}");
            }

            push.Print(context.Out);
        }

        if (head is null || lastRunFailed || damage is not null)
        {
            return ExitCodes.Error;
        }

        if (push.Failing)
        {
            return ExitCodes.NotOnRemote;
        }

        return report?.Status == SnapshotStatus.Complete ? ExitCodes.Complete : ExitCodes.Incomplete;
    }

    /// <summary>
    /// The last snapshot's log entry and report, and what is wrong when the repository cannot give them (a
    /// missing commit, a damaged pack, a history that cannot be walked): status shows damage, it does not fail on it.
    /// </summary>
    private static (SnapshotInfo? Info, SnapshotReport? Report, string? Damage) ReadHead(GitBackupRepository repository, string? head, CancellationToken cancellationToken)
    {
        var packs = repository.DamagedPacks();
        var packDamage = packs.Count == 0 ? null : $"{packs.Count} damaged pack(s): {string.Join("; ", packs.Select(p => $"{p.Pack}: {p.Problem}"))}.";
        if (head is null)
        {
            return (null, null, packDamage is null ? null : $"{packDamage} Fix: run 'brainrepo repair'.");
        }

        SnapshotInfo? info = null;
        SnapshotReport? report = null;
        string? unreadable = null;
        if (repository.CheckObjects([head], cancellationToken).Missing.Count > 0)
        {
            unreadable = $"the last snapshot's commit {head} is missing.";
        }
        else
        {
            try
            {
                report = repository.ReadReport(head);
                info = repository.Log(1).FirstOrDefault();
            }
            catch (Exception ex) when (ex is BrainRepoException or LibGit2Sharp.LibGit2SharpException)
            {
                unreadable = $"the snapshots cannot be read ({ex.Message.TrimEnd('.')}).";
            }
        }

        if (unreadable is null && packDamage is null)
        {
            return (info, report, null);
        }

        var damage = string.Join(" ", new[] { "The backup repository is damaged:", unreadable, packDamage }.Where(p => p is not null));
        return (info, report, damage + " Fix: run 'brainrepo repair'.");
    }

    private static string Humanize(TimeSpan age) =>
        age.TotalSeconds < 90 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
        : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes} min"
        : age.TotalHours < 48 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} days";
}

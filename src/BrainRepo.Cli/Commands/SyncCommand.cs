using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo sync</c>: takes a snapshot of the workspace.</summary>
public sealed class SyncCommand(CliContext context) : AsyncCommand<SyncCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "[DIR]")]
        [Description("The workspace (same as --workspace).")]
        public string? Directory { get; init; }

        [CommandOption("--init")]
        [Description("Register the workspace first if it is not registered yet (default policy).")]
        public bool Init { get; init; }

        [CommandOption("--allow-mass-delete")]
        [Description("Confirm a mass deletion that would otherwise be held back.")]
        public bool AllowMassDelete { get; init; }

        [CommandOption("--wait <SECONDS>")]
        [Description("How long to wait for a sync that is already running (default 3600).")]
        public int WaitSeconds { get; init; } = 3600;

        [CommandOption("--no-push")]
        [Description("Do not push to the remote after the snapshot (it stays pending).")]
        public bool NoPush { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var workspace = settings.Directory ?? settings.Workspace;
        WorkspaceConfig config;
        if (settings.Init && workspace is not null && !IsRegistered(workspace))
        {
            config = InitCommand.Register(context, workspace, null, Presets.None, force: false, cancellationToken);
            context.Err.MarkupLineInterpolated($"Registered {config.WorkspaceRoot} (backup repository: {config.RepositoryPath})");
        }
        else
        {
            config = WorkspaceSession.FindConfig(context, workspace);
        }

        using var held = await WorkspaceLock.AcquireAsync(
            config.StateDirectory,
            TimeSpan.FromSeconds(settings.WaitSeconds),
            context.Time,
            () => context.Err.MarkupLine("Another sync of this workspace is running: waiting for it to finish, then syncing again."),
            cancellationToken);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var engine = new SnapshotEngine(config, session.Repository, session.State, context.Time, context.LoggerFactory.CreateLogger<SnapshotEngine>(), await SecretScannerFactory.ForWorkspaceAsync(config, cancellationToken));
        var options = new SyncOptions { AllowMassDelete = settings.AllowMassDelete };
        var startedAt = context.Time.GetUtcNow();
        SyncResult result;
        try
        {
            result = await RunWithProgressAsync(engine, options, settings.Json, cancellationToken);
        }
        catch (Exception ex)
        {
            var outcome = ex is OperationCanceledException ? "cancelled" : "error";
            session.State.RecordRun(new SyncRunRecord(startedAt, context.Time.GetUtcNow() - startedAt, outcome, null, 0, 0, 0, 0, 0, ex.Message));
            throw;
        }

        var report = result.Report;
        session.State.RecordRun(new SyncRunRecord(
            startedAt, result.Duration, report.Status == SnapshotStatus.Complete ? "complete" : "incomplete", result.CommitId,
            result.Stored, report.Entries.Count, result.Added + result.Modified, result.Deleted, result.BytesRead, null));
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new
            {
                status = report.Status,
                commit = result.CommitId,
                unchanged = result.Unchanged,
                stored = result.Stored,
                stored_bytes = result.StoredBytes,
                added = result.Added,
                modified = result.Modified,
                deleted = result.Deleted,
                files_read = result.FilesRead,
                bytes_read = result.BytesRead,
                duration_seconds = Math.Round(result.Duration.TotalSeconds, 3),
                not_stored = report.CountByDisposition().Where(kv => kv.Key != Disposition.Stored).ToDictionary(kv => kv.Key.ToName(), kv => kv.Value),
                problems = report.Problems,
            });
        }
        else
        {
            PrintSummary(result);
        }

        await PushService.AfterSyncAsync(context, config, result.CommitId, push: !settings.NoPush, settings.Json, cancellationToken);
        return report.Status == SnapshotStatus.Complete ? ExitCodes.Complete : ExitCodes.Incomplete;
    }

    private bool IsRegistered(string workspace)
    {
        var registry = new WorkspaceRegistry(DataDirectory.Resolve(context.GetEnvironment));
        var id = WorkspaceRegistry.IdFor(Path.GetFullPath(workspace, context.CurrentDirectory));
        return File.Exists(Path.Combine(registry.WorkspacesDirectory, id, WorkspaceConfigLoader.FileName));
    }

    private async Task<SyncResult> RunWithProgressAsync(SnapshotEngine engine, SyncOptions options, bool json, CancellationToken cancellationToken)
    {
        if (!context.Interactive || json)
        {
            return await engine.RunAsync(options, null, cancellationToken);
        }

        SyncResult? result = null;
        await context.Err.Status().StartAsync("Walking the workspace…", async status =>
        {
            var progress = new Progress<SyncProgress>(p => status.Status(p.Stage switch
            {
                "read" => $"Reading changed files: {p.Done}/{p.Total} ({Core.Workspaces.ByteSize.Humanize(p.Bytes)})",
                "commit" => "Writing the snapshot…",
                _ => "Walking the workspace…",
            }));
            result = await engine.RunAsync(options, progress, cancellationToken);
        });
        return result!;
    }

    private void PrintSummary(SyncResult result)
    {
        var report = result.Report;
        var status = report.Status == SnapshotStatus.Complete ? "[green]complete[/]" : "[yellow]incomplete[/]";
        var head = result.Unchanged ? "No change: snapshot" : "Snapshot";
        context.Out.MarkupLine($"{head} [bold]{result.CommitId[..12]}[/] {status}");
        context.Out.MarkupLineInterpolated($"  stored       {result.Stored} files ({ByteSize.Humanize(result.StoredBytes)}): {result.Added} added, {result.Modified} modified, {result.Deleted} deleted");
        context.Out.MarkupLineInterpolated($"  read         {result.FilesRead} files ({ByteSize.Humanize(result.BytesRead)})");
        var notStored = report.CountByDisposition().Where(kv => kv.Key != Disposition.Stored).OrderBy(kv => kv.Key).ToList();
        if (notStored.Count > 0)
        {
            context.Out.MarkupLineInterpolated($"  not stored   {string.Join(", ", notStored.Select(kv => $"{kv.Value} {kv.Key.ToName()}"))} (details: brainrepo report)");
        }

        var carried = report.Entries.Count(e => e.CarriedBlob is not null);
        if (carried > 0)
        {
            context.Out.MarkupLineInterpolated($"  carried      {carried} files kept at their previous version");
        }

        context.Out.MarkupLineInterpolated($"  time         {result.Duration.TotalSeconds:0.00} s");
        foreach (var problem in report.Problems)
        {
            context.Out.MarkupLineInterpolated($"[yellow]  ! {problem}[/]");
        }
    }
}

using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
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

        [CommandOption("--wait")]
        [Description("If another sync is running, wait until your request has been served instead of returning at once.")]
        public bool Wait { get; init; }

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

        var options = new SyncOptions { AllowMassDelete = settings.AllowMassDelete, Secrets = config.Policy.Secrets };
        var key = WorkspaceRegistry.IdFor(config.WorkspaceRoot);
        var store = await CoordinationFactory.OpenAsync(context, null, cancellationToken);
        await using var disposeStore = store as IAsyncDisposable ?? NoopAsyncDisposable.Instance;
        var coordinator = CoordinationFactory.Coordinator(context, store);
        SyncResult? last = null;
        RunAttempt attempt;
        try
        {
            attempt = await RunCoordinatedAsync(coordinator, key, config, options, settings, r => last = r, cancellationToken);
        }
        catch (OperationCanceledException) when (last is not null)
        {
            // Cancelled after a snapshot was committed (for example during its push, which ran to its end):
            // report that snapshot; only the trailing run, if any, did not happen.
            attempt = new RunAttempt(key, RunAttemptStatus.Succeeded, 0, 1);
        }

        switch (attempt.Status)
        {
            case RunAttemptStatus.Failed when attempt.Error is not null:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(attempt.Error).Throw();
                break;
            case RunAttemptStatus.Cancelled:
                context.Err.MarkupLine("[yellow]Cancelled: nothing was committed.[/]");
                return ExitCodes.Error;
            case RunAttemptStatus.LeaseLost:
                throw new BrainRepoException(ErrorCodes.Busy, "This sync lost its lease (paused past its TTL?) and another runner took over: it recorded nothing. The other runner serves the request.", isTransient: true);
            case RunAttemptStatus.Busy when last is null:
                context.Err.MarkupLine("Another sync of this workspace is running. Your request is registered: that sync runs once more after it finishes and will include your changes. (Use --wait to wait for it.)");
                if (settings.Json)
                {
                    JsonOutput.Write(context.Out, new JsonObject { ["status"] = "queued", ["request_generation"] = attempt.Generation });
                }

                return ExitCodes.Complete;
            case RunAttemptStatus.ServedByAnotherOwner when last is null:
            case RunAttemptStatus.NothingToDo when last is null:
                context.Err.MarkupLine("Another sync of this workspace served your request.");
                if (settings.Json)
                {
                    JsonOutput.Write(context.Out, new JsonObject { ["status"] = "served-by-another-sync", ["served_generation"] = attempt.Generation });
                }

                return ExitCodes.Complete;
        }

        if (last is null)
        {
            throw new BrainRepoException(ErrorCodes.Busy, $"The sync ended without a snapshot ({attempt.Status}); run it again.", isTransient: true);
        }

        var result = last;
        var report = result.Report;
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["status"] = JsonOutput.Name(report.Status),
                ["commit"] = result.CommitId,
                ["unchanged"] = result.Unchanged,
                ["stored"] = result.Stored,
                ["stored_bytes"] = result.StoredBytes,
                ["added"] = result.Added,
                ["modified"] = result.Modified,
                ["deleted"] = result.Deleted,
                ["files_read"] = result.FilesRead,
                ["bytes_read"] = result.BytesRead,
                ["duration_seconds"] = Math.Round(result.Duration.TotalSeconds, 3),
                ["not_stored"] = JsonOutput.Counts(report.CountByDisposition().Where(kv => kv.Key != Disposition.Stored).Select(kv => KeyValuePair.Create(kv.Key.ToName(), kv.Value))),
                ["problems"] = JsonOutput.Strings(report.Problems),
                ["notes"] = JsonOutput.Strings(report.Notes),
            });
        }
        else
        {
            PrintSummary(result);
        }

        return report.Status == SnapshotStatus.Complete ? ExitCodes.Complete : ExitCodes.Incomplete;
    }

    private bool IsRegistered(string workspace)
    {
        var registry = new WorkspaceRegistry(DataDirectory.Resolve(context.GetEnvironment));
        var id = WorkspaceRegistry.IdFor(Path.GetFullPath(workspace, context.CurrentDirectory));
        return File.Exists(Path.Combine(registry.WorkspacesDirectory, id, WorkspaceConfigLoader.FileName));
    }

    private async Task<RunAttempt> RunCoordinatedAsync(SyncCoordinator coordinator, string key, WorkspaceConfig config, SyncOptions options, Settings settings, Action<SyncResult> onResult, CancellationToken cancellationToken)
    {
        if (!context.Interactive || settings.Json)
        {
            return await RunAsync(null);
        }

        RunAttempt? attempt = null;
        await context.Err.Status().StartAsync("Walking the workspace…", async status =>
        {
            var progress = new Progress<SyncProgress>(p => status.Status(p.Stage switch
            {
                "read" => $"Reading changed files: {p.Done}/{p.Total} ({Core.Workspaces.ByteSize.Humanize(p.Bytes)})",
                "commit" => "Writing the snapshot…",
                _ => "Walking the workspace…",
            }));
            attempt = await RunAsync(progress);
        });
        return attempt!;

        async Task<RunAttempt> RunAsync(IProgress<SyncProgress>? progress)
        {
            var job = new SyncJob(context, config, options, progress, push: !settings.NoPush, json: settings.Json);
            Task<RunOutcome> Run(CoordinatedRun run, CancellationToken token) => RunAndKeep(job, run, token);
            async Task<RunOutcome> RunAndKeep(SyncJob j, CoordinatedRun run, CancellationToken token)
            {
                var outcome = await j.RunAsync(run, token);
                onResult(j.LastResult!);
                return outcome;
            }

            if (settings.Wait)
            {
                return await coordinator.RequestAndWaitAsync(key, Run, TimeSpan.FromMilliseconds(500), cancellationToken);
            }

            await coordinator.RequestAsync(key, cancellationToken);
            return await coordinator.RunUntilIdleAsync(key, Run, cancellationToken);
        }
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

        foreach (var note in report.Notes)
        {
            context.Out.MarkupLineInterpolated($"  note: {note}");
        }
    }
}

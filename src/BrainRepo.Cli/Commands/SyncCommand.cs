using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
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

        [CommandOption("--recreate-repository")]
        [Description("The backup repository is missing and you mean it: start a new, empty history there (without this, a missing repository stops the sync).")]
        public bool RecreateRepository { get; init; }

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
            config = InitCommand.Register(context, new InitRequest { Directory = Path.GetFullPath(workspace, context.CurrentDirectory) }, cancellationToken).Config;
            context.Err.MarkupLineInterpolated($"Registered {config.WorkspaceRoot} (backup repository: {config.RepositoryPath})");
        }
        else
        {
            config = WorkspaceSession.FindConfig(context, workspace);
        }

        var request = new SyncRequest
        {
            AllowMassDelete = settings.AllowMassDelete,
            Push = !settings.NoPush,
            Wait = settings.Wait,
            RecreateRepository = settings.RecreateRepository,
        };
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new ConsoleEvents(context).RunAsync(
            "Walking the workspace…", settings.Json, events => new SyncPipeline(operations.Services).RunAsync(config, request, events, cancellationToken));
        var attempt = outcome.Attempt;
        var last = outcome.Snapshot;
        switch (attempt.Status)
        {
            case RunAttemptStatus.Failed when attempt.Error is not null:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(attempt.Error).Throw();
                break;
            case RunAttemptStatus.Cancelled:
                context.Err.MarkupLine("[yellow]Cancelled: nothing was committed.[/]");
                return ExitCodes.Error;
            case RunAttemptStatus.LeaseLost:
                throw new BrainRepoException(ErrorCodes.LeaseLost, "This sync lost its lease (paused past its TTL?) and another runner took over: it recorded nothing. The other runner serves the request.", isTransient: true);
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
                ["not_in_backup"] = report.NotInBackup,
                ["sealed"] = report.CountByDisposition().GetValueOrDefault(Disposition.SealedSecret),
                ["not_stored"] = JsonOutput.Counts(report.CountByDisposition().Where(kv => kv.Key is not Disposition.Stored and not Disposition.SealedSecret).Select(kv => KeyValuePair.Create(kv.Key.ToName(), kv.Value))),
                ["problems"] = JsonOutput.Strings(report.Problems),
                ["notes"] = JsonOutput.Strings(report.Notes),
            });
        }
        else
        {
            PrintSummary(result);
        }

        PushView.Print(context, outcome.Push, settings.Json);

        return ExitCodes.AfterSnapshot(report.Status, outcome.Push);
    }

    private bool IsRegistered(string workspace)
    {
        var registry = new WorkspaceRegistry(DataDirectory.Resolve(context.GetEnvironment));
        var id = WorkspaceRegistry.IdFor(Path.GetFullPath(workspace, context.CurrentDirectory));
        return File.Exists(Path.Combine(registry.WorkspacesDirectory, id, WorkspaceConfigLoader.FileName));
    }

    private void PrintSummary(SyncResult result)
    {
        var report = result.Report;
        var status = report.Status == SnapshotStatus.Complete ? "[green]complete[/]" : "[yellow]incomplete[/]";
        var head = result.Unchanged ? "No change: snapshot" : "Snapshot";
        context.Out.MarkupLine($"{head} [bold]{result.CommitId[..12]}[/] {status}");
        context.Out.MarkupLineInterpolated($"  stored       {result.Stored} files ({ByteSize.Humanize(result.StoredBytes)}): {result.Added} added, {result.Modified} modified, {result.Deleted} deleted");
        context.Out.MarkupLineInterpolated($"  read         {result.FilesRead} files ({ByteSize.Humanize(result.BytesRead)})");
        // A sealed file is stored, whole and encrypted: it is not among the files not stored.
        var sealedCount = report.CountByDisposition().GetValueOrDefault(Disposition.SealedSecret);
        if (sealedCount > 0)
        {
            context.Out.MarkupLineInterpolated($"  sealed       {sealedCount} files stored encrypted (they contain secrets; restore decrypts them with the seal key)");
        }

        var notStored = report.CountByDisposition().Where(kv => kv.Key is not Disposition.Stored and not Disposition.SealedSecret).OrderBy(kv => kv.Key).ToList();
        if (notStored.Count > 0)
        {
            context.Out.MarkupLineInterpolated($"  not stored   {string.Join(", ", notStored.Select(kv => $"{kv.Value} {kv.Key.ToName()}"))} (details: brainrepo report)");
        }

        var carried = report.Entries.Count(e => e.CarriedBlob is not null);
        if (carried > 0)
        {
            context.Out.MarkupLineInterpolated($"  carried      {carried} files kept at their previous version");
        }

        if (report.NotInBackup > 0)
        {
            context.Out.MarkupLineInterpolated($"[yellow]  not in backup {report.NotInBackup} files: no version of them is in this snapshot (details: brainrepo report)[/]");
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

using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo worker [--db postgres://…]</c>: serves sync requests of every registered workspace,
/// oldest request first, taking over from dead owners. Several workers (on several hosts with
/// PostgreSQL) share the work; no two ever run the same workspace at once.
/// </summary>
public sealed class WorkerCommand(CliContext context) : AsyncCommand<WorkerCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <URL>")]
        [Description("Coordination database: postgres://user@host:port/db. Default: the local SQLite database.")]
        public string? Database { get; init; }

        [CommandOption("--concurrency <N>")]
        [Description("How many workspaces this worker syncs at once (default 1).")]
        public int Concurrency { get; init; } = 1;

        [CommandOption("--drain")]
        [Description("Serve every pending request, then exit (for cron and tests).")]
        public bool Drain { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Concurrency < 1)
        {
            throw new ConfigException("--concurrency must be at least 1.");
        }

        await using var operations = await Operations.OpenAsync(context, settings.Database, cancellationToken);
        var pipeline = new SyncPipeline(operations.Services);
        var events = new ConsoleEvents(context);
        var worker = new WorkerLoop(operations.Store, operations.Services.Coordinator, new WorkerOptions { Concurrency = settings.Concurrency }, context.Time, context.LoggerFactory.CreateLogger<WorkerLoop>());
        var registry = new WorkspaceRegistry(DataDirectory.Resolve(context.GetEnvironment));

        async Task<RunOutcome> Job(CoordinatedRun run, CancellationToken token)
        {
            var config = registry.ConfigFiles().Select(WorkspaceConfigLoader.Load).FirstOrDefault(c => WorkspaceRegistry.IdFor(c.WorkspaceRoot) == run.Workspace)
                ?? throw new BrainRepoException(ErrorCodes.WorkspaceNotRegistered, $"Workspace '{run.Workspace}' is not registered on this host.");
            var ran = await pipeline.RunLeasedAsync(run, config, SyncRequest.Default, events, token);
            var result = ran.Snapshot;
            context.Out.MarkupLineInterpolated($"{run.Workspace}: snapshot {result.CommitId[..12]} {result.Status.ToString().ToLowerInvariant()}{(result.Unchanged ? " (no change)" : "")}");
            PushView.Print(context, ran.Push, json: false);
            return RunOutcome.Succeeded;
        }

        if (settings.Drain)
        {
            var served = await worker.DrainAsync(Job, cancellationToken);
            context.Out.MarkupLineInterpolated($"Served {served} run(s).");
            return ExitCodes.Complete;
        }

        context.Err.MarkupLine("Worker started; Ctrl+C to stop.");
        try
        {
            await worker.RunAsync(Job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Err.MarkupLine("Worker stopped.");
        }

        return ExitCodes.Complete;
    }
}

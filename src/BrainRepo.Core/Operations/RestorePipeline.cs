using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The restore use case. Into the workspace, it runs under the workspace's lease like a sync, never beside one:
/// the plan, then (when it changes something) a safety snapshot through the sync pipeline (git-lock cleanup, run
/// record, fencing), tagged <c>pre-restore/&lt;time&gt;</c> so that the restore can be undone, then exactly the plan. Into another folder, or as
/// a dry run, it only reads the backup repository. The backup repository is untrusted input: a plan with problems is
/// refused before anything is written.
/// </summary>
public sealed class RestorePipeline(OperationServices services)
{
    public async Task<RestoreOutcome> RunAsync(WorkspaceConfig config, RestoreSpec spec, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var target = Path.GetFullPath(spec.TargetRoot ?? config.WorkspaceRoot);
        var intoWorkspace = PathsEqual(target, config.WorkspaceRoot);
        if (!intoWorkspace && RelativePath.IsUnder(target, Path.GetFullPath(config.RepositoryPath)))
        {
            throw new ConfigException("--to points inside the backup repository; pick another folder.");
        }

        if (!intoWorkspace || spec.DryRun)
        {
            using var repository = services.Storage.OpenRepository(config, cancellationToken);
            return await PlanAndExecuteAsync(repository, Runner(repository, spec), spec, target, config.Policy, events, cancellationToken).ConfigureAwait(false);
        }

        RestoreOutcome? outcome = null;
        var attempt = await new ExclusiveRun(services).RunAsync(
            config,
            async (run, token) =>
            {
                outcome = await RestoreIntoWorkspaceAsync(run, config, spec, events, token).ConfigureAwait(false);
                return RunOutcome.Succeeded;
            },
            servesRequests: false,
            spec.Wait,
            events,
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, "restore");
    }

    /// <summary>
    /// Restores from any backup repository (for example a fresh clone of a remote) into <see cref="RestoreSpec.TargetRoot"/>:
    /// no workspace, no lease and no safety snapshot.
    /// </summary>
    public static Task<RestoreOutcome> RunFromAsync(
        IBackupRepository repository, RestoreSpec spec, TimeProvider time, ILoggerFactory loggerFactory, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var target = spec.TargetRoot ?? throw new ArgumentException("A restore from a repository needs a target folder.", nameof(spec));
        var runner = new RestoreRunner(repository, time, loggerFactory.CreateLogger<RestoreRunner>(), spec.SealKey);
        return PlanAndExecuteAsync(repository, runner, spec, Path.GetFullPath(target), new PolicyOptions(), events, cancellationToken);
    }

    private async Task<RestoreOutcome> RestoreIntoWorkspaceAsync(CoordinatedRun run, WorkspaceConfig config, RestoreSpec spec, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        using var held = await ExclusiveRun.LockAsync(config, services.Time, events, cancellationToken).ConfigureAwait(false);

        // The snapshot is resolved, and the plan made, before the safety snapshot moves HEAD: a mistyped --path or a
        // restore that changes nothing takes no safety snapshot.
        RestorePlan plan;
        using (var before = services.Storage.OpenRepository(config, cancellationToken))
        {
            var planner = Runner(before, spec);
            var commit = SnapshotResolver.Resolve(before, spec.Snapshot);
            planner.EnsurePathsMatch(Request(commit, config.WorkspaceRoot, config.Policy, spec), cancellationToken);
            plan = Plan(planner, commit, config.WorkspaceRoot, config.Policy, spec, events, cancellationToken);
        }

        if (plan.IsNoOp)
        {
            return new RestoreOutcome(plan, DryRun: false);
        }

        // The safety snapshot: the workspace as it is now, taken by the sync pipeline under this lease.
        var safety = await new SyncPipeline(services).SnapshotUnderLockAsync(run, config, new SyncOptions { Origin = SnapshotOrigin.PreRestore }, events, cancellationToken).ConfigureAwait(false);
        await new PushPipeline(services).AfterSnapshotAsync(run, config, safety.CommitId, push: false, events, cancellationToken).ConfigureAwait(false);

        using var repository = services.Storage.OpenRepository(config, cancellationToken);
        var runner = Runner(repository, spec);
        await run.EnsureStillOwnerAsync(cancellationToken).ConfigureAwait(false);
        var tag = runner.TagSafetySnapshot(safety.CommitId, cancellationToken);
        var preserve = RestoreRunner.NotInSafetySnapshot(plan, safety.Report);
        var preserveRoot = Path.Combine(config.StateDirectory, tag);
        var result = await ExecuteAsync(runner, plan, preserve, preserveRoot, events, cancellationToken).ConfigureAwait(false);
        return new RestoreOutcome(plan, DryRun: false) { Result = result, SafetyTag = tag, PreservedFolder = result.Preserved.Count > 0 ? preserveRoot : null };
    }

    private static async Task<RestoreOutcome> PlanAndExecuteAsync(
        IBackupRepository repository, RestoreRunner runner, RestoreSpec spec, string target, PolicyOptions policy, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        var commit = SnapshotResolver.Resolve(repository, spec.Snapshot);
        runner.EnsurePathsMatch(Request(commit, target, policy, spec), cancellationToken);
        var plan = Plan(runner, commit, target, policy, spec, events, cancellationToken);
        if (spec.DryRun || plan.IsNoOp)
        {
            return new RestoreOutcome(plan, spec.DryRun);
        }

        // Outside the workspace no safety snapshot holds what is there: existing files are replaced only when asked.
        var overwritten = plan.Actions.Where(a => a.Kind == RestoreActionKind.Overwrite).Select(a => a.Path).ToList();
        if (overwritten.Count > 0 && !spec.Overwrite)
        {
            throw new RestoreWouldOverwriteException(target, overwritten);
        }

        var result = await ExecuteAsync(runner, plan, null, null, events, cancellationToken).ConfigureAwait(false);
        return new RestoreOutcome(plan, DryRun: false) { Result = result };
    }

    private RestoreRunner Runner(IBackupRepository repository, RestoreSpec spec) =>
        new(repository, services.Time, services.LoggerFactory.CreateLogger<RestoreRunner>(), spec.SealKey);

    private static RestorePlan Plan(
        RestoreRunner runner, string commit, string target, PolicyOptions policy, RestoreSpec spec, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        return runner.Plan(Request(commit, target, policy, spec), Progress(events), cancellationToken).EnsureSafe();
    }

    private static RestoreRequest Request(string commit, string target, PolicyOptions policy, RestoreSpec spec) =>
        new() { Commit = commit, TargetRoot = target, Policy = policy, Options = spec.Options };

    private static Task<RestoreResult> ExecuteAsync(
        RestoreRunner runner, RestorePlan plan, IReadOnlySet<string>? preserve, string? preserveRoot, IProgress<OperationEvent>? events, CancellationToken cancellationToken) =>
        Task.Run(() => runner.Execute(plan, preserve, preserveRoot, Progress(events), cancellationToken), cancellationToken);

    private static InlineProgress<RestoreProgress>? Progress(IProgress<OperationEvent>? events) =>
        events is null ? null : new InlineProgress<RestoreProgress>(p => events.Report(new RestoreProgressed(p)));

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}

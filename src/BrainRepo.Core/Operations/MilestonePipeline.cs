using BrainRepo.Core.Model;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The milestone use case: under one lease, a snapshot (the sync pipeline's, without its push), an annotated tag
/// <c>milestone/&lt;name&gt;</c> on it, then the push. A name that breaks git's ref rules, or that is already taken,
/// is refused before anything is changed; milestones never move.
/// </summary>
public sealed class MilestonePipeline(OperationServices services)
{
    public async Task<MilestoneOutcome> RunAsync(
        WorkspaceConfig config, string name, string? message, bool push, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        // A bad name is an InvalidTagNameException (a usage error), thrown before anything changes.
        SnapshotTagNames.Milestone(name);
        var tags = services.Storage.Tags(config);
        await EnsureFreeAsync(tags, name, cancellationToken).ConfigureAwait(false);
        MilestoneOutcome? outcome = null;
        var sync = new SyncPipeline(services);
        var pushes = new PushPipeline(services);
        var attempt = await new ExclusiveRun(services).RunAsync(
            config,
            async (run, token) =>
            {
                SyncResult snapshot;
                using (await ExclusiveRun.LockAsync(config, services.Time, events, token).ConfigureAwait(false))
                {
                    snapshot = await sync.SnapshotUnderLockAsync(run, config, new SyncOptions { Origin = SnapshotOrigin.Milestone }, events, token).ConfigureAwait(false);
                }

                var pending = await pushes.AfterSnapshotAsync(run, config, snapshot.CommitId, push: false, events, token).ConfigureAwait(false);
                var tag = await tags.CreateMilestoneAsync(name, message, snapshot.CommitId, token).ConfigureAwait(false);
                var pushed = push ? await pushes.PushIfRemoteAsync(run, config, events, token).ConfigureAwait(false) : pending;
                outcome = new MilestoneOutcome(snapshot, tag, pushed);
                return RunOutcome.Succeeded;
            },
            servesRequests: true,
            wait,
            events,
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, "milestone");
    }

    private static async Task EnsureFreeAsync(ISnapshotTagStore tags, string name, CancellationToken cancellationToken)
    {
        var tagName = SnapshotTagNames.Milestone(name);
        var existing = (await tags.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Name == tagName);
        if (existing is not null)
        {
            throw new ConfigException(
                $"The milestone '{name}' already exists at snapshot {existing.Commit[..12]} ({existing.CommitDate:u}). Milestones never move: choose another name. Nothing was changed.");
        }
    }
}

using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The periodic-tag use case: tags the newest snapshot <c>snapshot/daily/YYYY-MM-DD</c> and/or
/// <c>snapshot/weekly/YYYY-Www</c> (UTC, ISO week), once per period, under the workspace's lease, and pushes a new
/// tag when a remote is set.
/// </summary>
public sealed class TagPipeline(OperationServices services)
{
    /// <exception cref="BrainRepoException">There is no snapshot yet, or the workspace stayed busy.</exception>
    public async Task<TagOutcome> RunAsync(
        WorkspaceConfig config, bool daily, bool weekly, bool push, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        TagOutcome? outcome = null;
        var attempt = await new ExclusiveRun(services).RunAsync(
            config,
            async (run, token) =>
            {
                var results = new List<TagResult>();
                using (await ExclusiveRun.LockAsync(config, services.Time, events, token).ConfigureAwait(false))
                {
                    using var repository = services.Storage.OpenRepository(config, token);
                    var head = repository.Head()
                        ?? throw new BrainRepoException(ErrorCodes.SnapshotNotFound, "There are no snapshots yet. Fix: run 'brainrepo sync' first.");
                    var tags = services.Storage.Tags(config);
                    if (daily)
                    {
                        results.Add(await tags.EnsureDailyTagAsync(head, token).ConfigureAwait(false));
                    }

                    if (weekly)
                    {
                        results.Add(await tags.EnsureWeeklyTagAsync(head, token).ConfigureAwait(false));
                    }
                }

                var pushed = push && results.Any(r => r.Created)
                    ? await new PushPipeline(services).PushIfRemoteAsync(run, config, events, token).ConfigureAwait(false)
                    : null;
                outcome = new TagOutcome(results, pushed is { Kind: PushOutcomeKind.NoRemote } ? null : pushed);
                return RunOutcome.Succeeded;
            },
            servesRequests: false,
            wait,
            events,
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, "tag");
    }
}

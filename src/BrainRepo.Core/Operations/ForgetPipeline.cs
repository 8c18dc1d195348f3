using BrainRepo.Core.Coordination;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The retention use case: prunes daily and weekly tags, on the remote first and then locally, under the workspace's
/// lease. Milestones and the newest snapshot are always kept; removing a tag never removes a commit. A dry run only
/// plans and takes no lease.
/// </summary>
public sealed class ForgetPipeline(OperationServices services)
{
    public async Task<ForgetOutcome> RunAsync(
        WorkspaceConfig config, RetentionPolicy policy, bool dryRun, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            return await PlanAsync(config, policy, dryRun: true, cancellationToken).ConfigureAwait(false);
        }

        ForgetOutcome? outcome = null;
        var attempt = await new ExclusiveRun(services).RunAsync(
            config,
            async (run, token) =>
            {
                using var held = await ExclusiveRun.LockAsync(config, services.Time, events, token).ConfigureAwait(false);
                var planned = await PlanAsync(config, policy, dryRun: false, token).ConfigureAwait(false);
                var remove = planned.Plan.Remove.Select(d => d.Tag.Name).ToList();
                if (remove.Count > 0 && planned.Remote is { } remote)
                {
                    // The remote first: if it fails, nothing is removed locally and forget can simply be run again.
                    var secret = remote.Spec.UsesToken && remote.CredentialName is not null
                        ? await services.OpenCredentials(config).GetTokenAsync(remote.CredentialName, token).ConfigureAwait(false)
                        : null;
                    await run.PushAsync(
                        async t =>
                        {
                            await services.Storage.RemoteClient(config).DeleteRemoteTagsAsync(remote.Spec, secret, remove, t).ConfigureAwait(false);
                            return true;
                        },
                        token).ConfigureAwait(false);
                }

                if (remove.Count > 0)
                {
                    await services.Storage.Tags(config).DeleteAsync(remove, token).ConfigureAwait(false);
                }

                outcome = planned;
                return RunOutcome.Succeeded;
            },
            servesRequests: false,
            wait,
            events,
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, "forget");
    }

    private async Task<ForgetOutcome> PlanAsync(WorkspaceConfig config, RetentionPolicy policy, bool dryRun, CancellationToken cancellationToken)
    {
        using var repository = services.Storage.OpenRepository(config, cancellationToken);
        using var store = services.Storage.OpenPushState(config);
        var plan = RetentionPlanner.Plan(await services.Storage.Tags(config).ListAsync(cancellationToken).ConfigureAwait(false), policy, repository.Head());
        return new ForgetOutcome(plan, store.GetRemote(), dryRun);
    }
}

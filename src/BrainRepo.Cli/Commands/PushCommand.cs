using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Errors;
using BrainRepo.Git.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo push</c>: pushes the snapshot branch and tags now, whatever the retry schedule says, and
/// verifies the remote refs. A failure is recorded (with the next retry time) and exits 1 naming the cause.
/// </summary>
public sealed class PushCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var held = await WorkspaceLocks.AcquireAsync(context, config, cancellationToken);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        using var service = new PushService(context, config);
        var remote = service.Store.GetRemote()
            ?? throw new ConfigException("No remote is configured. Fix: brainrepo remote set <url> [--token-env VAR].");
        var head = session.Repository.Head()
            ?? throw new BrainRepoException(ErrorCodes.SnapshotNotFound, "There are no snapshots yet. Fix: run 'brainrepo sync' first.");
        service.RecordSnapshot(head);
        try
        {
            var result = await service.PushAsync(remote, settings.Json, cancellationToken);
            if (settings.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["pushed"] = true,
                    ["remote"] = remote.Spec.Display,
                    ["snapshot"] = result.SnapshotCommit,
                    ["remote_commit"] = result.RemoteCommit,
                    ["merged_remote_commits"] = JsonOutput.Strings(result.MergedRemoteCommits),
                    ["tags"] = JsonOutput.Strings(result.Tags),
                    ["verified_at"] = result.VerifiedAt,
                });
            }
            else
            {
                PushService.PrintPushed(context.Out, remote, result);
            }

            return ExitCodes.Complete;
        }
        catch (Exception ex) when (ex is RemotePushException or CredentialDecryptionException or InvalidMasterKeyException)
        {
            var state = service.Store.LoadPushState();
            if (settings.Json)
            {
                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["pushed"] = false,
                    ["remote"] = remote.Spec.Display,
                    ["error_code"] = PushService.ErrorCodeOf(ex),
                    ["error"] = ex.Message,
                    ["transient"] = ex is BrainRepoException { IsTransient: true },
                    ["pending_snapshots"] = state.PendingSnapshots,
                    ["next_retry_at"] = state.NextRetryAt,
                });
            }

            context.Err.MarkupLineInterpolated(
                $"The snapshots stay local ({state.PendingSnapshots} not on the remote yet); sync retries after {state.NextRetryAt:u}.");
            throw;
        }
    }
}

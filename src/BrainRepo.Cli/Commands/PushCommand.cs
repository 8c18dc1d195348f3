using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Errors;
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
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new ConsoleEvents(context).RunAsync(
            "Pushing…", settings.Json, events => new PushPipeline(operations.Services).PushNowAsync(config, TimeSpan.FromHours(1), events, cancellationToken));
        var remote = outcome.Remote!;
        if (outcome.Kind == PushOutcomeKind.Pushed)
        {
            var result = outcome.Result!;
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
                PushView.PrintPushed(context.Out, remote, result);
            }

            return ExitCodes.Complete;
        }

        var state = outcome.State;
        var error = outcome.Error ?? new BrainRepoException(ErrorCodes.Busy, "The push was cancelled before it started; the snapshots stay pending.", isTransient: true);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["pushed"] = false,
                ["remote"] = remote.Spec.Display,
                ["error_code"] = error.Code,
                ["error"] = error.Message,
                ["transient"] = error.IsTransient,
                ["pending_snapshots"] = state.PendingSnapshots,
                ["next_retry_at"] = state.NextRetryAt,
            });
        }

        context.Err.MarkupLineInterpolated(
            $"The snapshots stay local ({state.PendingSnapshots} not on the remote yet); sync retries after {state.NextRetryAt:u}.");
        throw error;
    }
}

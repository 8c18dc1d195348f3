using BrainRepo.Core.Operations;
using BrainRepo.Core.Workspaces;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Renders a use case's events on the console: notices go to stderr as lines, progress updates the spinner when one
/// is drawn (an interactive terminal, no <c>--json</c>). Outcomes are printed by the commands, not here.
/// </summary>
public sealed class ConsoleEvents(CliContext context) : IProgress<OperationEvent>
{
    private StatusContext? status;

    public void Report(OperationEvent value)
    {
        switch (value)
        {
            case WaitingForWorkspace:
                context.Err.MarkupLine("Another run of this workspace is in progress: waiting for it to finish.");
                break;
            case PushFinishingBeforeCancel:
                context.Err.MarkupLine("[yellow]Cancel requested: the push in flight is finished first; nothing is interrupted halfway.[/]");
                break;
            case SealKeyCreated created:
                SealKeys.WarnCreated(context, created.KeyId, created.Location);
                break;
            case SyncProgressed { Progress: var p }:
                status?.Status(p.Stage switch
                {
                    "read" => $"Reading changed files: {p.Done}/{p.Total} ({ByteSize.Humanize(p.Bytes)})",
                    "commit" => "Writing the snapshot…",
                    _ => "Walking the workspace…",
                });
                break;
            case PushStarted:
                status?.Status("Pushing…");
                break;
            case PushProgressed { Progress: var p }:
                status?.Status($"Pushing: {(p.FromRemote ? "remote: " : string.Empty)}{Markup.Escape(p.Phase)} {p.Percent}% ({p.Current}/{p.Total})");
                break;
            case RestoreProgressed { Progress: var p }:
                status?.Status(p.Stage switch
                {
                    "plan" => "Planning the restore…",
                    "delete" => $"Deleting: {p.Done}/{p.Total}",
                    _ => $"Writing: {p.Done}/{p.Total} ({ByteSize.Humanize(p.Bytes)})",
                });
                break;
        }
    }

    /// <summary>Runs <paramref name="operation"/> under a spinner when the console is interactive and <paramref name="json"/> is off.</summary>
    public async Task<T> RunAsync<T>(string initial, bool json, Func<IProgress<OperationEvent>, Task<T>> operation)
    {
        if (!context.Interactive || json)
        {
            return await operation(this);
        }

        T result = default!;
        await context.Err.Status().StartAsync(initial, async s =>
        {
            status = s;
            try
            {
                result = await operation(this);
            }
            finally
            {
                status = null;
            }
        });
        return result;
    }
}

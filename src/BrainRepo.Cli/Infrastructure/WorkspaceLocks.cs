using BrainRepo.Core.Workspaces;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>Takes the workspace lock for commands that move refs or push, so they never race a running sync.</summary>
public static class WorkspaceLocks
{
    public static Task<WorkspaceLock> AcquireAsync(CliContext context, WorkspaceConfig config, CancellationToken cancellationToken) =>
        WorkspaceLock.AcquireAsync(
            config.StateDirectory,
            TimeSpan.FromHours(1),
            context.Time,
            () => context.Err.MarkupLine("A sync of this workspace is running: waiting for it to finish."),
            cancellationToken);
}

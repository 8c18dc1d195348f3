using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Workspaces;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo init &lt;dir&gt;</c>: registers a workspace and creates its backup repository. A workspace inside (or
/// around) another registered one needs <c>--nested</c>; a repository that already holds snapshots needs
/// <c>--existing-repo</c>.
/// </summary>
public sealed class InitCommand(CliContext context) : AsyncCommand<InitCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("The workspace folder to back up.")]
        public string Directory { get; init; } = "";

        [CommandOption("--repo <PATH>")]
        [Description("Where the bare backup repository goes (default: in BrainRepo's data folder).")]
        public string? Repo { get; init; }

        [CommandOption("--preset <NAME>")]
        [Description("Start from a preset policy: none or evonexus.")]
        public string Preset { get; init; } = Presets.None;

        [CommandOption("--force")]
        [Description("Rewrite the configuration of an already registered workspace.")]
        public bool Force { get; init; }

        [CommandOption("--existing-repo")]
        [Description("Accept a --repo that already holds snapshots, and continue its history (for example this workspace restored on a new machine).")]
        public bool ExistingRepo { get; init; }

        [CommandOption("--nested")]
        [Description("Accept a workspace inside another registered workspace, or around one.")]
        public bool Nested { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var request = new InitRequest
        {
            Directory = Path.GetFullPath(settings.Directory, context.CurrentDirectory),
            Repository = settings.Repo is null ? null : Path.GetFullPath(settings.Repo, context.CurrentDirectory),
            Preset = settings.Preset,
            Force = settings.Force,
            ExistingRepository = settings.ExistingRepo,
            Nested = settings.Nested,
        };
        var registered = Register(context, request, cancellationToken);
        var config = registered.Config;
        context.Out.MarkupLineInterpolated($"Registered workspace [bold]{config.WorkspaceRoot}[/]");
        context.Out.MarkupLineInterpolated($"  config      {config.ConfigFile}");
        context.Out.MarkupLineInterpolated($"  repository  {config.RepositoryPath}");
        if (registered.Continues is { } newest)
        {
            context.Out.MarkupLineInterpolated($"  continues   its history: the newest snapshot is {newest.CommitId[..12]} ({newest.Time.UtcDateTime:yyyy-MM-dd HH:mm}Z)");
        }

        context.Out.MarkupLineInterpolated($"  watching    {string.Join(", ", config.Policy.WatchPaths.Select(p => p.Length == 0 ? "." : p))}");
        PrintCoverage(config, WatchCoverage.Inspect(config.WorkspaceRoot, config.Policy, config.Policy.WatchPaths, cancellationToken));
        context.Out.MarkupLine("Next: [bold]brainrepo sync[/] inside the workspace, or [bold]brainrepo sync -w <dir>[/].");
        return Task.FromResult(ExitCodes.Complete);
    }

    /// <summary>Says which watch paths the workspace lacks and which of its folders nothing watches, and which line to change.</summary>
    private void PrintCoverage(WorkspaceConfig config, WatchCoverage coverage)
    {
        if (coverage.MissingWatchPaths.Count > 0)
        {
            context.Out.MarkupLineInterpolated($"[yellow]  ! missing   {string.Join(", ", coverage.MissingWatchPaths)}: not folders in this workspace. 'brainrepo sync' refuses to run while a watch path that no snapshot ever held is missing.[/]");
        }

        if (WatchCoverageView.Outside(coverage) is { } outside)
        {
            context.Out.MarkupLineInterpolated($"[yellow]  ! unwatched {outside}.[/]");
        }

        if (coverage.MissingWatchPaths.Count > 0)
        {
            var kept = config.Policy.WatchPaths.Where(p => !coverage.MissingWatchPaths.Contains(p, StringComparer.Ordinal)).ToList();
            var line = "watch_paths = [" + string.Join(", ", (kept.Count == 0 ? ["."] : kept).Select(WorkspaceConfigWriter.Quote)) + "]";
            context.Out.MarkupLineInterpolated($"  Fix: create the missing folders, or change the watch_paths line of {config.ConfigFile} to:");
            context.Out.MarkupLineInterpolated($"    {line}");
        }

        if (coverage.UnwatchedFolders.Count > 0)
        {
            context.Out.MarkupLineInterpolated($"  To back up {WatchCoverageView.Folders(coverage.UnwatchedFolders)} too, add them to watch_paths in {config.ConfigFile} (\".\" is the whole workspace).");
        }
    }

    internal static RegisteredWorkspace Register(CliContext context, InitRequest request, CancellationToken cancellationToken) =>
        new WorkspaceCatalog(new LocalWorkspaceStorage(context.LoggerFactory, context.Time), DataDirectory.Resolve(context.GetEnvironment))
            .Register(request, cancellationToken);
}

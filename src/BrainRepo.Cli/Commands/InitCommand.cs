using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo init &lt;dir&gt;</c>: registers a workspace and creates its backup repository.</summary>
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
    }

    public override Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = Register(context, settings.Directory, settings.Repo, settings.Preset, settings.Force, cancellationToken);
        context.Out.MarkupLineInterpolated($"Registered workspace [bold]{config.WorkspaceRoot}[/]");
        context.Out.MarkupLineInterpolated($"  config      {config.ConfigFile}");
        context.Out.MarkupLineInterpolated($"  repository  {config.RepositoryPath}");
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

    internal static WorkspaceConfig Register(CliContext context, string directory, string? repo, string preset, bool force, CancellationToken cancellationToken)
    {
        var registry = new WorkspaceRegistry(DataDirectory.Resolve(context.GetEnvironment));
        var config = registry.Register(
            Path.GetFullPath(directory, context.CurrentDirectory),
            repo is null ? null : Path.GetFullPath(repo, context.CurrentDirectory),
            preset,
            force);
        GitBackupRepository.CreateOrOpen(config.RepositoryPath, cancellationToken).Dispose();
        return config;
    }
}

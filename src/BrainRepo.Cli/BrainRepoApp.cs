using BrainRepo.Cli.Commands;
using BrainRepo.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli;

/// <summary>
/// Builds the command line and runs it: 0 complete, 3 incomplete, 1 error, 2 usage or configuration error.
/// An exception that ends a command becomes its exit code and message in one place, <see cref="CommandFailure"/>.
/// </summary>
public static class BrainRepoApp
{
    // Spectre.Console.Cli binds commands and settings by reflection. In a native (AOT) build that works
    // because the project roots this assembly and Spectre.Console.Cli (see BrainRepo.Cli.csproj), so
    // every command, settings type and property is kept; the option types are string, bool, int and
    // string[], which need no runtime code generation. tests/aot-smoke.sh runs every command natively.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Command and settings types are rooted; see the comment above.")]
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        if (args is ["--version"])
        {
            // Not Spectre's own version option: it also claims -v, which is --verbose here.
            context.Out.WriteLine(AppVersion.Current);
            return ExitCodes.Complete;
        }

        // "brainrepo help [COMMAND...]" is "brainrepo [COMMAND...] --help".
        if (args is ["help", .. var topic])
        {
            args = [.. topic, "--help"];
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("brainrepo");
            config.Settings.Console = context.Help ?? context.Out;
            config.Settings.Registrar.RegisterInstance(context);
            config.SetHelpProvider(new BrainRepoHelpProvider(config.Settings));
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<InitCommand>("init").WithDescription("Register a workspace folder and create its backup repository.");
            config.AddBranch("workspaces", workspaces =>
            {
                workspaces.SetDescription("List the registered workspaces, or unregister one.");
                workspaces.SetDefaultCommand<WorkspacesCommand>();
                workspaces.AddCommand<WorkspacesRemoveCommand>("remove").WithDescription("Unregister a workspace; its backup repository is kept unless --delete-repository.");
            });
            config.AddCommand<SyncCommand>("sync").WithDescription("Take a snapshot of the workspace.");
            config.AddCommand<StatusCommand>("status").WithDescription("Show the last snapshot, its age and completeness.");
            config.AddCommand<LogCommand>("log").WithDescription("List the snapshots: what made each (sync, milestone, pre-restore, merge), its changes and its tags.");
            config.AddCommand<LsCommand>("ls").WithDescription("List the files of a snapshot.");
            config.AddCommand<ReportCommand>("report").WithDescription("Show what a snapshot did not store, and why.");
            config.AddCommand<ScanCommand>("scan").WithDescription("Scan files or folders for secrets, without a workspace (exit 1 when any is found).");
            config.AddCommand<WorkerCommand>("worker").WithDescription("Serve sync requests of every registered workspace (--db postgres://… to share work across hosts).");
            config.AddCommand<CancelCommand>("cancel").WithDescription("Ask the running sync of the workspace to stop (a push in flight finishes).");
            config.AddBranch("secrets", secrets =>
            {
                secrets.SetDescription("List the secret findings of the last snapshot, or allow a false positive.");
                secrets.SetDefaultCommand<SecretsCommand>();
                secrets.AddCommand<SecretsAllowCommand>("allow").WithDescription("Allow a finding by its fingerprint; the next sync stores the file.");
                secrets.AddCommand<SecretsKeyCommand>("key").WithDescription("Print (or --to FILE) the seal key of secrets = \"seal\", creating it if needed; keep a copy off this machine.");
            });
            config.AddCommand<RestoreCommand>("restore").WithDescription("Restore a snapshot (or part of it) into the workspace or another folder; --dry-run first.");
            config.AddCommand<VerifyCommand>("verify").WithDescription("Check every file on disk against a snapshot, and every stored object.");
            config.AddCommand<RepairCommand>("repair").WithDescription("Check the backup repository, move damaged packs aside, store lost files again from disk, and name what stays lost.");
            config.AddBranch("remote", remote =>
            {
                remote.SetDescription("Set, show or remove the remote that snapshots are pushed to.");
                remote.AddCommand<RemoteSetCommand>("set").WithDescription("Set the remote URL; the token comes from --token-env VAR, --token-stdin or --token.");
                remote.AddCommand<RemoteShowCommand>("show").WithDescription("Show the remote, whether a token is stored, and the push state.");
                remote.AddCommand<RemoteRemoveCommand>("remove").WithDescription("Forget the remote and delete its stored token.");
            });
            config.AddCommand<PushCommand>("push").WithDescription("Push the snapshots and tags now, and verify the remote refs.");
            config.AddCommand<MilestoneCommand>("milestone").WithDescription("Take a snapshot and tag it milestone/<name>.");
            config.AddCommand<TagCommand>("tag").WithDescription("Tag the newest snapshot snapshot/daily/YYYY-MM-DD or snapshot/weekly/YYYY-Www, once per period.");
            config.AddCommand<SnapshotsCommand>("snapshots").WithDescription("List the tagged snapshots: daily, weekly, milestones, undo points (pre-restore) and head.");
            config.AddCommand<ForgetCommand>("forget").WithDescription("Prune old daily and weekly tags, locally and on the remote.");
        });

        try
        {
            return await app.RunAsync(args, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = CommandFailure.Of(ex, args);
            failure.WriteTo(context.Err);
            return failure.ExitCode;
        }
    }
}

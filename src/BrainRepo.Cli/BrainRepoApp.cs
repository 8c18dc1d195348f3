using BrainRepo.Cli.Commands;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli;

/// <summary>
/// Builds the command line and runs it. This is the one place where exceptions become exit codes
/// and user-facing messages: 0 complete, 3 incomplete, 1 error, 2 usage or configuration error.
/// </summary>
public static class BrainRepoApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("brainrepo");
            config.Settings.Console = context.Out;
            config.Settings.Registrar.RegisterInstance(context);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<InitCommand>("init").WithDescription("Register a workspace folder and create its backup repository.");
            config.AddCommand<SyncCommand>("sync").WithDescription("Take a snapshot of the workspace.");
            config.AddCommand<StatusCommand>("status").WithDescription("Show the last snapshot, its age and completeness.");
            config.AddCommand<LogCommand>("log").WithDescription("List the snapshots.");
            config.AddCommand<LsCommand>("ls").WithDescription("List the files of a snapshot.");
            config.AddCommand<ReportCommand>("report").WithDescription("Show what a snapshot did not store, and why.");
            config.AddCommand<ScanCommand>("scan").WithDescription("Scan files or folders for secrets, without a workspace (exit 1 when any is found).");
            config.AddCommand<RestoreCommand>("restore").WithDescription("Restore a snapshot (or part of it) into the workspace or another folder; --dry-run first.");
            config.AddCommand<VerifyCommand>("verify").WithDescription("Check every file on disk against a snapshot, and every stored object.");
        });

        try
        {
            return await app.RunAsync(args, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Err.MarkupLine("[yellow]Cancelled: nothing was committed.[/]");
            return ExitCodes.Error;
        }
        catch (ConfigException ex)
        {
            context.Err.MarkupLineInterpolated($"[red]error {ex.Code}:[/] {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (BrainRepoException ex)
        {
            context.Err.MarkupLineInterpolated($"[red]error {ex.Code}:[/] {ex.Message}");
            return ex.Code.StartsWith("BR2", StringComparison.Ordinal) ? ExitCodes.Usage : ExitCodes.Error;
        }
        catch (CommandAppException ex)
        {
            context.Err.MarkupLineInterpolated($"[red]usage:[/] {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException ex) when (ex.HResult == 28 || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))
        {
            context.Err.MarkupLineInterpolated($"[red]error {ErrorCodes.DiskFull}:[/] the disk is full ({ex.Message}). Nothing was committed; free space and sync again.");
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LibGit2Sharp.LibGit2SharpException or Microsoft.Data.Sqlite.SqliteException)
        {
            context.Err.MarkupLineInterpolated($"[red]error:[/] {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Error;
        }
    }
}

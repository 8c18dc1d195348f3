using System.ComponentModel;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Operations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo verify [snapshot]</c>: the disk-versus-backup sweep; non-zero when anything is unaccounted for, files
/// changed since the snapshot included (they are named as such, apart from damage).
/// </summary>
public sealed class VerifyCommand(CliContext context) : AsyncCommand<VerifyCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var sealKey = SealKeys.ForReading(context, config, settings.SealKeyFile);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var result = await new VerifyPipeline(operations.Services).RunAsync(config, settings.Snapshot, sealKey, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["ok"] = result.Ok,
                ["commit"] = result.CommitId,
                ["files_on_disk"] = result.FilesOnDisk,
                ["files_outside_watch_paths"] = result.Coverage?.FilesOutside,
                ["unwatched_folders"] = JsonOutput.Strings(result.Coverage?.UnwatchedFolders ?? []),
                ["matched_stored"] = result.MatchedStored,
                ["accounted_by_report"] = result.AccountedByReport,
                ["objects_verified"] = result.ObjectsVerified,
                ["sealed_checked"] = result.SealedChecked,
                ["sealed_not_checked"] = result.SealedNotChecked,
                ["changed_since_snapshot"] = result.Unaccounted.Count(f => f.ChangedSinceSnapshot),
                ["unaccounted"] = Findings(result.Unaccounted),
                ["corrupt_objects"] = Findings(result.CorruptObjects),
                ["notes"] = Findings(result.Notes),
            });
        }
        else
        {
            context.Out.MarkupLineInterpolated($"Verified snapshot {result.CommitId[..12]} against {config.WorkspaceRoot}");
            context.Out.MarkupLineInterpolated($"  files in watch paths {result.FilesOnDisk}");
            if (result.Coverage is { FilesOutside: > 0 } coverage)
            {
                context.Out.MarkupLineInterpolated($"[yellow]  outside watch paths  {coverage.FilesOutside} (not backed up)[/]");
            }

            context.Out.MarkupLineInterpolated($"  identical in backup  {result.MatchedStored}");
            context.Out.MarkupLineInterpolated($"  explained by report  {result.AccountedByReport}");
            context.Out.MarkupLineInterpolated($"  objects re-hashed    {result.ObjectsVerified}");
            if (result.SealedChecked + result.SealedNotChecked > 0)
            {
                context.Out.MarkupLineInterpolated($"  sealed, decrypted and compared  {result.SealedChecked}");
            }

            if (result.SealedNotChecked > 0)
            {
                context.Out.MarkupLineInterpolated($"[yellow]  sealed, content NOT checked     {result.SealedNotChecked} (no seal key: pass --seal-key-file, set BRAINREPO_SEAL_KEY, or restore {config.SealKeyFile})[/]");
            }

            foreach (var f in result.Unaccounted)
            {
                if (f.ChangedSinceSnapshot)
                {
                    context.Out.MarkupLineInterpolated($"[yellow]  changed since the snapshot  {f.Path}: {f.Problem}[/]");
                }
                else
                {
                    context.Out.MarkupLineInterpolated($"[red]  UNACCOUNTED {f.Path}: {f.Problem}[/]");
                }
            }

            foreach (var f in result.CorruptObjects)
            {
                context.Out.MarkupLineInterpolated($"[red]  CORRUPT {f.Path}: {f.Problem}[/]");
            }

            foreach (var f in result.Notes.Take(20))
            {
                context.Out.MarkupLineInterpolated($"  note: {f.Path}: {f.Problem}");
            }

            var changed = result.Unaccounted.Count(f => f.ChangedSinceSnapshot);
            var onlyChanges = !result.Ok && changed == result.Unaccounted.Count && result.CorruptObjects.Count == 0;
            context.Out.MarkupLine(onlyChanges
                ? $"[yellow]Changed since the snapshot: {changed} file(s) differ from it, as after ordinary edits; nothing is damaged. Run 'brainrepo sync' to back them up.[/]"
                : !result.Ok ? "[red]FAILED: see above.[/]"
                : result.SealedNotChecked > 0 ? "[yellow]OK, except that the content of the sealed files was not checked: every file in the watch paths is accounted for and every object checks.[/]"
                : "[green]OK: every file in the watch paths is accounted for and every object checks.[/]");
            if (WatchCoverageView.Outside(result.Coverage) is { } outside)
            {
                context.Out.MarkupLineInterpolated($"[yellow]Note: {outside}. To back them up, add them to watch_paths in {config.ConfigFile}.[/]");
            }
        }

        return result.Ok ? ExitCodes.Complete : ExitCodes.Error;
    }

    private static JsonArray Findings(IEnumerable<Core.Verify.VerifyFinding> findings) =>
        JsonOutput.Array(findings, f => new JsonObject { ["path"] = f.Path, ["problem"] = f.Problem });

    public sealed class Settings : SnapshotSettings
    {
        [CommandOption("--seal-key-file <FILE>")]
        [Description("The seal key to decrypt and compare sealed files with (as saved by 'brainrepo secrets key'); default: BRAINREPO_SEAL_KEY, then the workspace's key file.")]
        public string? SealKeyFile { get; init; }
    }
}

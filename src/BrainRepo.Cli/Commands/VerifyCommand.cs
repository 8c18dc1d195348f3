using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Verify;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo verify [snapshot]</c>: the disk-versus-backup sweep; non-zero when anything is unaccounted for.</summary>
public sealed class VerifyCommand(CliContext context) : AsyncCommand<SnapshotSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, SnapshotSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var commit = SnapshotResolver.Resolve(session.Repository, settings.Snapshot);
        var result = await Task.Run(() => new SnapshotVerifier(config.WorkspaceRoot, session.Repository).Verify(commit, cancellationToken), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["ok"] = result.Ok,
                ["commit"] = result.CommitId,
                ["files_on_disk"] = result.FilesOnDisk,
                ["matched_stored"] = result.MatchedStored,
                ["accounted_by_report"] = result.AccountedByReport,
                ["objects_verified"] = result.ObjectsVerified,
                ["unaccounted"] = Findings(result.Unaccounted),
                ["corrupt_objects"] = Findings(result.CorruptObjects),
                ["notes"] = Findings(result.Notes),
            });
        }
        else
        {
            context.Out.MarkupLineInterpolated($"Verified snapshot {result.CommitId[..12]} against {config.WorkspaceRoot}");
            context.Out.MarkupLineInterpolated($"  files on disk        {result.FilesOnDisk}");
            context.Out.MarkupLineInterpolated($"  identical in backup  {result.MatchedStored}");
            context.Out.MarkupLineInterpolated($"  explained by report  {result.AccountedByReport}");
            context.Out.MarkupLineInterpolated($"  objects re-hashed    {result.ObjectsVerified}");
            foreach (var f in result.Unaccounted)
            {
                context.Out.MarkupLineInterpolated($"[red]  UNACCOUNTED {f.Path}: {f.Problem}[/]");
            }

            foreach (var f in result.CorruptObjects)
            {
                context.Out.MarkupLineInterpolated($"[red]  CORRUPT {f.Path}: {f.Problem}[/]");
            }

            foreach (var f in result.Notes.Take(20))
            {
                context.Out.MarkupLineInterpolated($"  note: {f.Path}: {f.Problem}");
            }

            context.Out.MarkupLine(result.Ok ? "[green]OK: every file is accounted for and every object checks.[/]" : "[red]FAILED: see above.[/]");
        }

        return result.Ok ? ExitCodes.Complete : ExitCodes.Error;
    }

    private static JsonArray Findings(IEnumerable<Core.Verify.VerifyFinding> findings) =>
        JsonOutput.Array(findings, f => new JsonObject { ["path"] = f.Path, ["problem"] = f.Problem });
}

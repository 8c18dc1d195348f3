using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary><c>brainrepo ls &lt;snapshot&gt; [path]</c>: the files of a snapshot.</summary>
public sealed class LsCommand(CliContext context) : AsyncCommand<LsCommand.Settings>
{
    public sealed class Settings : SnapshotSettings
    {
        [CommandArgument(1, "[PATH]")]
        [Description("Only list files under this workspace-relative path.")]
        public string? Path { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var commit = SnapshotResolver.Resolve(session.Repository, settings.Snapshot);
        var files = SnapshotListing.Under(session.Repository, commit, settings.Path, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, JsonOutput.Array(files, f => new JsonObject { ["path"] = f.Path, ["mode"] = GitFileMode.ToOctal(f.Mode), ["size"] = f.Size, ["blob"] = f.BlobId }));
        }
        else
        {
            foreach (var f in files)
            {
                context.Out.Profile.Out.Writer.WriteLine($"{GitFileMode.ToOctal(f.Mode),6} {f.Size,12} {f.Path}");
            }
        }

        return Task.FromResult(ExitCodes.Complete);
    }
}

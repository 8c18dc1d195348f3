using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo secrets</c>: the current secret findings of the workspace (from the last snapshot's
/// report): path, line, rule and fingerprints, never the secret. Exits 3 when any file is withheld or redacted.
/// </summary>
public sealed class SecretsCommand(CliContext context) : AsyncCommand<WorkspaceSettings>
{
    public override Task<int> ExecuteAsync(CommandContext commandContext, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var head = session.Repository.Head();
        var findings = head is null
            ? []
            : (session.Repository.ReadReport(head)?.Entries ?? []).Where(e => e.Disposition is Disposition.WithheldSecret or Disposition.RedactedSecret or Disposition.SealedSecret).ToList();
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, JsonOutput.Array(findings, e => new JsonObject { ["path"] = e.Path, ["line"] = e.Line, ["rule"] = e.Rule, ["disposition"] = e.Disposition.ToName(), ["fingerprints"] = JsonOutput.Strings(e.Fingerprints?.Split(',') ?? []), ["kept_version"] = e.CarriedBlob }));
        }
        else if (findings.Count == 0)
        {
            context.Out.MarkupLine("No secret findings in the last snapshot.");
        }
        else
        {
            foreach (var e in findings)
            {
                context.Out.Profile.Out.Writer.WriteLine($"{e.Disposition.ToName(),-16} {e.Path}:{e.Line}  [{e.Rule}]  fingerprints: {e.Fingerprints}");
            }

            context.Out.MarkupLine("A false positive? Mark the line with [bold]brainrepo:allow[/], or run [bold]brainrepo secrets allow <fingerprint>[/]; the next sync stores the file.");
        }

        // A sealed file is backed up in full (encrypted): only withheld or redacted content makes this exit 3.
        return Task.FromResult(findings.Any(e => e.Disposition != Disposition.SealedSecret) ? ExitCodes.Incomplete : ExitCodes.Complete);
    }
}

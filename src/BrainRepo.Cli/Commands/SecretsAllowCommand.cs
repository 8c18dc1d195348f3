using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo secrets allow &lt;fingerprint&gt;</c>: resolves a false positive explicitly by adding its
/// fingerprint to the workspace's allow file; the next sync stores the file.
/// </summary>
public sealed class SecretsAllowCommand(CliContext context) : AsyncCommand<SecretsAllowCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<FINGERPRINT>")]
        [Description("The fingerprint shown by 'brainrepo secrets'.")]
        public string Fingerprint { get; init; } = "";

        [CommandOption("-m|--message <TEXT>")]
        [Description("Why this is not a secret (kept as a comment in the allow file).")]
        public string? Message { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var fingerprint = settings.Fingerprint.Trim().ToLowerInvariant();
        if (!SecretFingerprint.IsWellFormed(fingerprint))
        {
            throw new ConfigException($"'{settings.Fingerprint}' is not a fingerprint. Fix: copy one from 'brainrepo secrets' ({SecretFingerprint.Length} hex characters).");
        }

        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var file = Path.Combine(config.StateDirectory, SecretScannerFactory.AllowFileName);
        var existing = File.Exists(file) ? await SecretAllowList.LoadAsync(file, cancellationToken) : SecretAllowList.Empty;
        var already = existing.Contains(fingerprint);
        if (!already)
        {
            await File.AppendAllTextAsync(file, SecretAllowList.FormatEntry(fingerprint, settings.Message) + "\n", cancellationToken);
        }

        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["fingerprint"] = fingerprint, ["allowed"] = true, ["already_allowed"] = already, ["allow_file"] = file });
        }
        else if (already)
        {
            context.Out.MarkupLineInterpolated($"{fingerprint} is already allowed ({file}).");
        }
        else
        {
            context.Out.MarkupLineInterpolated($"Allowed {fingerprint} in {file}. The next sync stores the files it was withholding.");
        }

        return ExitCodes.Complete;
    }
}

using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Sealing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo secrets key</c>: prints the workspace's seal key (creating it when there is none) so that the
/// user can keep a copy away from this machine. The key goes to standard output only, or with
/// <c>--to FILE</c> into a new 0600 file; its id and where it came from go to standard error.
/// </summary>
public sealed class SecretsKeyCommand(CliContext context) : AsyncCommand<SecretsKeyCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--to <FILE>")]
        [Description("Write the key into this new file (mode 0600) instead of printing it.")]
        public string? To { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var loaded = SealKeys.LoadOrCreate(context, config);
        var where = loaded.Source == SealKeySource.Environment ? $"the environment variable {loaded.Location}" : loaded.Location;
        if (settings.To is not null)
        {
            var path = Path.GetFullPath(settings.To, context.CurrentDirectory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                await using var stream = new FileStream(path, options);
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(loaded.Key.Export() + "\n"), cancellationToken);
            }
            catch (IOException) when (File.Exists(path))
            {
                throw new ConfigException($"{path} already exists; nothing was written. Fix: choose a new file name.");
            }

            context.Err.MarkupLineInterpolated($"Seal key {loaded.Key.Id} (from {where}) written to {path}. Keep it away from this machine; restore with --seal-key-file {path}.");
            return ExitCodes.Complete;
        }

        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["key_id"] = loaded.Key.Id, ["source"] = where, ["key"] = loaded.Key.Export() });
        }
        else
        {
            context.Err.MarkupLineInterpolated($"Seal key {loaded.Key.Id} (from {where}). Keep this line away from this machine; restore with --seal-key-file FILE or {SealKeyStore.EnvironmentVariable}:");
            context.Out.Profile.Out.Writer.WriteLine(loaded.Key.Export());
        }

        return ExitCodes.Complete;
    }
}

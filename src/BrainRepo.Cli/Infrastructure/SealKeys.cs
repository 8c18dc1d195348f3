using BrainRepo.Core.Errors;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Where commands get the seal key: <c>BRAINREPO_SEAL_KEY</c>, an explicit <c>--seal-key-file</c>, or the
/// workspace's key file. Only a sync under <c>secrets = "seal"</c> (and <c>brainrepo secrets key</c>) creates
/// one; creating it prints a one-time warning to back it up. The key itself is never printed here.
/// </summary>
public static class SealKeys
{
    /// <summary>The workspace's key, created (with the back-it-up warning) when there is none.</summary>
    public static LoadedSealKey LoadOrCreate(CliContext context, WorkspaceConfig config)
    {
        var loaded = new SealKeyStore(config.SealKeyFile, context.GetEnvironment).Load(createIfMissing: true)!;
        if (loaded.Source == SealKeySource.Created)
        {
            WarnCreated(context, loaded.Key.Id, loaded.Location);
        }

        return loaded;
    }

    /// <summary>
    /// The key for reading sealed files (restore, verify), or null when none is available. An explicit
    /// <paramref name="keyFile"/> must exist; otherwise the variable, then the workspace's file (never created here).
    /// </summary>
    public static SealKey? ForReading(CliContext context, WorkspaceConfig? config, string? keyFile)
    {
        if (keyFile is not null)
        {
            var path = Path.GetFullPath(keyFile, context.CurrentDirectory);
            return SealKeyStore.ReadFile(path)
                ?? throw new ConfigException($"--seal-key-file {path} does not exist. Fix: give the file you saved from 'brainrepo secrets key', or set {SealKeyStore.EnvironmentVariable}.");
        }

        if (config is null)
        {
            var fromEnvironment = context.GetEnvironment(SealKeyStore.EnvironmentVariable);
            return string.IsNullOrWhiteSpace(fromEnvironment) ? null : SealKey.Parse(fromEnvironment, $"The environment variable {SealKeyStore.EnvironmentVariable}");
        }

        return new SealKeyStore(config.SealKeyFile, context.GetEnvironment).Load(createIfMissing: false)?.Key;
    }

    /// <summary>The one-time warning printed when a seal key is created: back it up off this machine.</summary>
    public static void WarnCreated(CliContext context, string keyId, string location)
    {
        context.Err.MarkupLineInterpolated($"[yellow bold]A new seal key {keyId} was created at {location} (mode 0600).[/]");
        context.Err.MarkupLine("[yellow bold]BACK IT UP NOW, somewhere other than this machine and this backup: files with secrets are stored encrypted[/]");
        context.Err.MarkupLine("[yellow bold]under it, and without it they cannot be restored. 'brainrepo secrets key' prints it; on a new machine[/]");
        context.Err.MarkupLine("[yellow bold]restore with --seal-key-file FILE or BRAINREPO_SEAL_KEY.[/]");
    }
}

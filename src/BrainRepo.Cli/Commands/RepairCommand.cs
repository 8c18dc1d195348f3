using System.ComponentModel;
using System.Text.Json.Nodes;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Repair;
using BrainRepo.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo repair</c>: checks the backup repository (every pack in full, every snapshot of the branch and the tags),
/// moves damaged packs aside and recovers what they still hold, stores lost files again from the workspace, and names
/// what stays lost. Exit 0 when every snapshot is whole (or a new history was started), 1 when something is lost.
/// </summary>
public sealed class RepairCommand(CliContext context) : AsyncCommand<RepairCommand.Settings>
{
    private const int ShownSnapshots = 20;
    private const int ShownPaths = 10;

    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--no-remote")]
        [Description("Do not fetch a copy of the backup from the remote to take lost objects from.")]
        public bool NoRemote { get; init; }

        [CommandOption("--new-history")]
        [Description("When snapshots are lost for good: keep the damaged history under refs/brainrepo/damaged/<time>, and empty the branch so that the next sync starts a new history from the workspace as it is.")]
        public bool NewHistory { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        // The sync lock: no sync writes packs or moves the branch while packs and refs are moved here.
        using var held = await WorkspaceLock.AcquireAsync(
            config.StateDirectory, TimeSpan.FromMinutes(5), context.Time, () => context.Err.MarkupLine("Waiting for the running sync of this workspace to finish…"), cancellationToken);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var repair = new RepositoryRepair(session.Repository, context.Time);
        var remote = settings.NoRemote ? null : RemoteOf(config);
        var result = await Task.Run(
            () => repair.Run(new RepairOptions(config.WorkspaceRoot, settings.NewHistory && remote is null), cancellationToken),
            cancellationToken);
        if (!result.Healthy && remote is not null)
        {
            // What the disk could not give back, the remote's copy of the backup may hold: clone it, copy its objects in,
            // and check again (a new history, if asked for, only for what is still lost after that).
            context.Err.MarkupLineInterpolated($"Fetching the backup from the remote {remote.Spec.Display} to recover what is lost…");
            var first = result;
            try
            {
                result = await WithRemoteCopyAsync(config, remote, copy => repair.Run(new RepairOptions(config.WorkspaceRoot, settings.NewHistory, copy), cancellationToken), cancellationToken);
            }
            catch (Exception ex) when (ex is RemotePushException or CredentialDecryptionException or InvalidMasterKeyException)
            {
                context.Err.MarkupLineInterpolated($"[yellow]The remote's copy could not be fetched: {ex.Message}[/]");
                result = settings.NewHistory
                    ? await Task.Run(() => repair.Run(new RepairOptions(config.WorkspaceRoot, NewHistory: true), cancellationToken), cancellationToken)
                    : result;
            }

            result = result == first ? result : result with
            {
                DamagedPacks = [.. first.DamagedPacks, .. result.DamagedPacks],
                RestoredFromDisk = [.. first.RestoredFromDisk, .. result.RestoredFromDisk],
            };
        }

        if (settings.Json)
        {
            WriteJson(result);
        }
        else
        {
            Print(config, result);
        }

        return result.Healthy || result.MovedRefs.Count > 0 ? ExitCodes.Complete : ExitCodes.Error;
    }

    private static RemoteConfig? RemoteOf(WorkspaceConfig config)
    {
        using var store = new SqlitePushStateStore(config.StateDatabase);
        return store.GetRemote();
    }

    /// <summary>Clones the remote into a private temporary folder (the token through askpass only, as for a push), runs <paramref name="use"/> on it, and deletes it.</summary>
    private async Task<RepairResult> WithRemoteCopyAsync(WorkspaceConfig config, RemoteConfig remote, Func<string, RepairResult> use, CancellationToken cancellationToken)
    {
        var spec = remote.Spec;
        var token = spec.UsesToken && remote.CredentialName is not null
            ? await new CredentialStore(new CredentialStoreOptions(config.StateDirectory), context.LoggerFactory.CreateLogger<CredentialStore>(), context.GetEnvironment)
                .GetTokenAsync(remote.CredentialName, cancellationToken)
            : null;
        var tempRoot = context.GetEnvironment("TMPDIR") is { Length: > 0 } tmp ? tmp : Path.GetTempPath();
        var temp = Path.Combine(tempRoot, "brainrepo-repair-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(temp);
            }
            else
            {
                Directory.CreateDirectory(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var copy = Path.Combine(temp, "repo.git");
            await GitRemoteClient.CloneBareAsync(spec, token, copy, cancellationToken, logger: context.LoggerFactory.CreateLogger<GitRemoteClient>());
            return await Task.Run(() => use(copy), cancellationToken);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temporary clone left behind holds nothing secret (no token, no URL); the system cleans its temp folder.
            }
        }
    }

    private void Print(WorkspaceConfig config, RepairResult result)
    {
        var output = context.Out;
        output.MarkupLineInterpolated($"Checked {config.RepositoryPath}: {result.PacksChecked} packs, {result.SnapshotsChecked} snapshots, {result.ObjectsChecked} trees and files.");
        foreach (var pack in result.DamagedPacks)
        {
            output.MarkupLineInterpolated($"[yellow]  damaged pack {pack.Pack}: {pack.Problem}[/]");
            output.MarkupLineInterpolated($"    moved to {pack.QuarantinedTo}; {pack.Recovery} ({pack.RecoveredObjects} objects)");
        }

        if (result.CopiedObjects > 0)
        {
            output.MarkupLineInterpolated($"  repaired: {result.CopiedObjects} objects copied in from the remote's copy of the backup");
        }

        if (result.RestoredFromDisk.Count > 0)
        {
            output.MarkupLineInterpolated($"  repaired: {result.RestoredFromDisk.Count} objects stored again from disk ({Some(result.RestoredFromDisk, ShownPaths)})");
        }

        if (result.Healthy)
        {
            output.MarkupLine("[green]OK: every snapshot on the branch and the tags is whole.[/]");
            return;
        }

        output.MarkupLineInterpolated($"[red]LOST: {result.LostSnapshots.Count} of {result.SnapshotsChecked} snapshots cannot be restored in full; the workspace no longer holds what they lack.[/]");
        foreach (var snapshot in result.LostSnapshots.Take(ShownSnapshots))
        {
            var when = snapshot.Time is { } t ? $"{t:yyyy-MM-dd HH:mm}" : "time unknown";
            var refs = snapshot.Refs.Count == 0 ? "" : $" ({string.Join(", ", snapshot.Refs.Select(Short))})";
            var what = snapshot.CommitMissing ? "its commit is missing" : Some(snapshot.Lost.Select(Describe).ToList(), ShownPaths);
            output.MarkupLineInterpolated($"  {snapshot.CommitId[..12]}  {when}{refs}: {what}");
        }

        if (result.LostSnapshots.Count > ShownSnapshots)
        {
            output.MarkupLineInterpolated($"  … and {result.LostSnapshots.Count - ShownSnapshots} more (--json lists them all)");
        }

        if (result.NewHistoryStarted || result.MovedRefs.Count > 0)
        {
            foreach (var moved in result.MovedRefs)
            {
                output.MarkupLineInterpolated($"  {moved}");
            }

            output.MarkupLine(result.NewHistoryStarted
                ? "[green]The branch is empty now: run 'brainrepo sync' to take the first snapshot of a new history.[/]"
                : "[green]The branch is whole; the damaged tags were moved aside.[/]");
            if (result.MovedRefs.Any(m => m.Contains(" -> ", StringComparison.Ordinal)))
            {
                output.MarkupLineInterpolated($"The damaged history stays readable under {RepositoryRepair.DamagedRefPrefix}… ('brainrepo restore <commit> --path <path>' restores what it still holds); 'git fsck' reports its missing objects until you delete those refs with 'git update-ref -d <ref>'.");
            }

            return;
        }

        output.MarkupLineInterpolated($"Broken: {string.Join(", ", result.BrokenRefs.Select(Short))} (their history lacks these snapshots).");
        output.MarkupLine("How to go on:");
        output.MarkupLine("  - if another copy of the backup holds them (a clone, a remote that is not set here), copy its objects in: see 'A damaged backup repository' in docs/operations.md, then run 'brainrepo repair' again;");
        output.MarkupLine("  - or start a new history from the workspace as it is now: 'brainrepo repair --new-history' keeps the damaged history under refs/brainrepo/damaged/<time>; then 'brainrepo sync'.");
    }

    private void WriteJson(RepairResult result) => JsonOutput.Write(context.Out, new JsonObject
    {
        ["healthy"] = result.Healthy,
        ["packs_checked"] = result.PacksChecked,
        ["snapshots_checked"] = result.SnapshotsChecked,
        ["objects_checked"] = result.ObjectsChecked,
        ["damaged_packs"] = JsonOutput.Array(result.DamagedPacks, p => new JsonObject
        {
            ["pack"] = p.Pack,
            ["problem"] = p.Problem,
            ["quarantined_to"] = p.QuarantinedTo,
            ["recovery"] = p.Recovery,
            ["recovered_objects"] = p.RecoveredObjects,
        }),
        ["restored_from_disk"] = JsonOutput.Strings(result.RestoredFromDisk),
        ["copied_from_remote"] = result.CopiedObjects,
        ["lost_snapshots"] = JsonOutput.Array(result.LostSnapshots, s => new JsonObject
        {
            ["commit"] = s.CommitId,
            ["time"] = s.Time,
            ["refs"] = JsonOutput.Strings(s.Refs),
            ["commit_missing"] = s.CommitMissing,
            ["lost"] = JsonOutput.Array(s.Lost, l => new JsonObject { ["path"] = l.Path, ["object"] = l.ObjectId, ["kind"] = l.Kind }),
        }),
        ["broken_refs"] = JsonOutput.Strings(result.BrokenRefs),
        ["new_history_started"] = result.NewHistoryStarted,
        ["damaged_history_ref"] = result.DamagedHistoryRef,
        ["moved_refs"] = JsonOutput.Strings(result.MovedRefs),
    });

    private static string Describe(LostObject lost) => lost.Kind == "tree"
        ? (lost.Path.Length == 0 ? "every file (its root folder is missing)" : lost.Path + "/ (folder)")
        : lost.Path;

    private static string Short(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..]
        : reference;

    private static string Some(IReadOnlyList<string> items, int shown) =>
        string.Join(", ", items.Take(shown)) + (items.Count > shown ? $" and {items.Count - shown} more" : "");
}

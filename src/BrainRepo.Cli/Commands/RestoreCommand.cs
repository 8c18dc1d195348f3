using BrainRepo.Core.Model;
using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git;
using BrainRepo.Git.Remote;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo restore &lt;snapshot&gt;</c>: plans, then (unless --dry-run) takes a safety snapshot tagged
/// <c>pre-restore/&lt;time&gt;</c> and executes exactly the plan. Exit 0 complete, 3 when some files are
/// restored at an older version (withheld for secrets, too large...), 1 refused or failed, 2 usage.
/// </summary>
public sealed class RestoreCommand(CliContext context) : AsyncCommand<RestoreCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<SNAPSHOT>")]
        [Description("A commit id (or prefix), a tag (for example pre-restore/20250101T120000Z), HEAD or HEAD~N.")]
        public string Snapshot { get; init; } = "HEAD";

        [CommandOption("--path <PATH>")]
        [Description("Restore only this workspace-relative subtree (repeatable).")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--to <DIR>")]
        [Description("Restore into this folder instead of the workspace (no safety snapshot is needed).")]
        public string? To { get; init; }

        [CommandOption("--dry-run")]
        [Description("Print the plan (create, overwrite, delete, unchanged) and change nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--overwrite")]
        [Description("With --to or --from: replace existing files in that folder that differ from the snapshot (no copy is kept). Without it such a restore is refused, naming them.")]
        public bool Overwrite { get; init; }

        [CommandOption("--delete")]
        [Description("Also delete files under the restored paths that are not in the snapshot (never policy-excluded ones).")]
        public bool Delete { get; init; }

        [CommandOption("--from <REMOTE>")]
        [Description("Disaster recovery: clone this remote (https://…, ssh://…, a local path or file://…) and restore from it. Needs --to. Never put a token in the URL.")]
        public string? From { get; init; }

        [CommandOption("--token-env <VAR>")]
        [Description("With --from over https: read the token from this environment variable (recommended).")]
        public string? TokenEnv { get; init; }

        [CommandOption("--token-stdin")]
        [Description("With --from over https: read the token from the first line of standard input.")]
        public bool TokenStdin { get; init; }

        [CommandOption("--token <TOKEN>")]
        [Description("With --from over https: the token itself. Discouraged: arguments are visible to other users in 'ps'.")]
        public string? Token { get; init; }

        [CommandOption("--seal-key-file <FILE>")]
        [Description("The seal key for sealed files (default: BRAINREPO_SEAL_KEY, else the workspace's key file). Needed on a new machine.")]
        public string? SealKeyFile { get; init; }

        [CommandOption("--skip-sealed")]
        [Description("If the seal key is lost: restore everything else, leave sealed files alone and list them as not restored (exit 3).")]
        public bool SkipSealed { get; init; }

        [CommandOption("--max-file-size <SIZE>")]
        [Description("Refuse a file larger than this (default 256MiB).")]
        public string? MaxFileSize { get; init; }

        [CommandOption("--max-total-size <SIZE>")]
        [Description("Refuse a restore larger than this in total (default 1GiB).")]
        public string? MaxTotalSize { get; init; }

        [CommandOption("--wait <SECONDS>")]
        [Description("How long to wait for a sync of the workspace that is already running (default 3600).")]
        public int WaitSeconds { get; init; } = 3600;

        public override ValidationResult Validate()
        {
            if (From is not null && To is null)
            {
                return ValidationResult.Error("--from needs --to: a disaster recovery restores into a new folder.");
            }

            if (From is null && (TokenEnv is not null || TokenStdin || Token is not null))
            {
                return ValidationResult.Error("--token-env, --token-stdin and --token only go with --from.");
            }

            if (RemoteTokenInput.Conflicting(TokenEnv, TokenStdin, Token))
            {
                return ValidationResult.Error(RemoteTokenInput.OneWayOnly);
            }

            foreach (var size in new[] { MaxFileSize, MaxTotalSize })
            {
                if (size is not null && (!ByteSize.TryParse(size, out var bytes) || bytes <= 0))
                {
                    return ValidationResult.Error($"'{size}' is not a size (use for example 512MiB or 2GiB).");
                }
            }

            return ValidationResult.Success();
        }

        public RestoreOptions ToOptions() => new RestoreOptions
        {
            Paths = Paths,
            Delete = Delete,
            SkipSealed = SkipSealed,
            MaxFileSize = MaxFileSize is null ? RestoreOptions.DefaultMaxFileSize : Parse(MaxFileSize),
            MaxTotalSize = MaxTotalSize is null ? RestoreOptions.DefaultMaxTotalSize : Parse(MaxTotalSize),
        }.Validate();

        private static long Parse(string size) => ByteSize.TryParse(size, out var bytes) ? bytes : 0;
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        if (settings.From is not null)
        {
            return await FromRemoteAsync(settings, options, cancellationToken);
        }

        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        var spec = new RestoreSpec
        {
            Snapshot = settings.Snapshot,
            TargetRoot = settings.To is null ? null : Path.GetFullPath(settings.To, context.CurrentDirectory),
            Options = options,
            DryRun = settings.DryRun,
            Overwrite = settings.Overwrite,
            SealKey = SealKeys.ForReading(context, config, settings.SealKeyFile),
            Wait = TimeSpan.FromSeconds(Math.Max(0, settings.WaitSeconds)),
        };
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var outcome = await new ConsoleEvents(context).RunAsync(
            "Restoring…", settings.Json, events => new RestorePipeline(operations.Services).RunAsync(config, spec, events, cancellationToken));
        Print(settings, outcome);
        return outcome.Plan.IsIncomplete ? ExitCodes.Incomplete : ExitCodes.Complete;
    }

    private async Task<int> FromRemoteAsync(Settings settings, RestoreOptions options, CancellationToken cancellationToken)
    {
        var remote = ParseRemote(settings.From!);
        RemoteTokenInput.WarnIfArgument(context, settings.Token);
        var token = RemoteTokenInput.Read(context, settings.TokenEnv, settings.TokenStdin, settings.Token);
        if (token is not null && !remote.UsesToken)
        {
            throw new ConfigException($"A token is only used with http(s) remotes; {remote.Kind} remotes do not take one (ssh uses your SSH key). Nothing was changed.");
        }

        var target = Path.GetFullPath(settings.To!, context.CurrentDirectory);
        var tempRoot = context.GetEnvironment("TMPDIR") is { Length: > 0 } tmp ? tmp : Path.GetTempPath();
        var temp = Path.Combine(tempRoot, "brainrepo-from-" + Guid.NewGuid().ToString("N"));
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

            // The same askpass mechanism as push: the token is in no argument, URL, config file or message.
            await GitRemoteClient.CloneBareAsync(
                remote,
                token,
                Path.Combine(temp, "repo.git"),
                cancellationToken,
                logger: context.LoggerFactory.CreateLogger<GitRemoteClient>());

            using var repository = GitBackupRepository.Open(Path.Combine(temp, "repo.git"));
            var spec = new RestoreSpec
            {
                Snapshot = settings.Snapshot,
                TargetRoot = target,
                Options = options,
                DryRun = settings.DryRun,
                Overwrite = settings.Overwrite,
                SealKey = SealKeys.ForReading(context, null, settings.SealKeyFile),
            };
            var outcome = await new ConsoleEvents(context).RunAsync(
                "Restoring…", settings.Json, events => RestorePipeline.RunFromAsync(repository, spec, context.Time, context.LoggerFactory, events, cancellationToken));
            Print(settings, outcome);
            return outcome.Plan.IsIncomplete ? ExitCodes.Incomplete : ExitCodes.Complete;
        }
        finally
        {
            TryDeleteTree(temp);
        }
    }

    private RemoteSpec ParseRemote(string value)
    {
        try
        {
            return RemoteTokenInput.ParseRemote(context, value);
        }
        catch (InvalidRemoteUrlException ex)
        {
            throw new ConfigException("--from: " + ex.Message);
        }
    }

    private void Print(Settings settings, RestoreOutcome outcome)
    {
        var (plan, result, tag, dryRun, preserveRoot) = (outcome.Plan, outcome.Result, outcome.SafetyTag, outcome.DryRun, outcome.PreservedFolder);
        var changes = plan.Actions.Where(a => a.Kind != RestoreActionKind.Unchanged).ToList();
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["status"] = plan.IsIncomplete ? "incomplete" : "complete",
                ["dry_run"] = dryRun,
                ["commit"] = plan.Commit,
                ["target"] = plan.TargetRoot,
                ["paths"] = JsonOutput.Strings(plan.Scopes.Select(s => s.Length == 0 ? "." : s)),
                ["counts"] = new JsonObject
                {
                    ["create"] = plan.Count(RestoreActionKind.Create),
                    ["overwrite"] = plan.Count(RestoreActionKind.Overwrite),
                    ["delete"] = plan.Count(RestoreActionKind.Delete),
                    ["unchanged"] = plan.Count(RestoreActionKind.Unchanged),
                },
                ["bytes_to_write"] = plan.BytesToWrite,
                ["actions"] = JsonOutput.Array(changes, a => new JsonObject { ["path"] = a.Path, ["action"] = JsonOutput.Name(a.Kind), ["mode"] = a.Kind == RestoreActionKind.Delete ? null : GitFileMode.ToOctal(a.Mode) }),
                ["sealed"] = JsonOutput.Array(plan.Sealed, s => new JsonObject { ["path"] = s.Path, ["key_id"] = s.KeyId }),
                ["warnings"] = JsonOutput.Array(plan.Warnings, w => new JsonObject { ["path"] = w.Path, ["disposition"] = w.Disposition.ToName(), ["restored"] = w.Restored, ["rule"] = w.Rule }),
                ["safety_tag"] = tag,
                ["preserved"] = JsonOutput.Strings(result?.Preserved ?? []),
                ["preserved_folder"] = result?.Preserved.Count > 0 ? preserveRoot : null,
                ["duration_seconds"] = result is null ? (double?)null : Math.Round(result.Duration.TotalSeconds, 3),
            });
            return;
        }

        var head = dryRun ? "Restore plan (dry run, nothing changed)" : plan.IsNoOp ? "Nothing to restore: already identical" : "Restored";
        context.Out.MarkupLineInterpolated($"{head}: snapshot [bold]{plan.Commit[..12]}[/] into {plan.TargetRoot}");
        context.Out.MarkupLineInterpolated($"  create     {plan.Count(RestoreActionKind.Create)}");
        context.Out.MarkupLineInterpolated($"  overwrite  {plan.Count(RestoreActionKind.Overwrite)}");
        context.Out.MarkupLineInterpolated($"  delete     {plan.Count(RestoreActionKind.Delete)}{(settings.Delete ? "" : " (files not in the snapshot are kept; --delete removes them)")}");
        context.Out.MarkupLineInterpolated($"  unchanged  {plan.Count(RestoreActionKind.Unchanged)}");
        if (plan.Sealed.Count > 0)
        {
            var keys = string.Join(", ", plan.Sealed.Select(s => s.KeyId).Distinct());
            context.Out.MarkupLineInterpolated($"  sealed     {plan.Sealed.Count} (key {keys} available; each was decrypted and authenticated while planning)");
        }

        if (dryRun)
        {
            foreach (var s in plan.Sealed)
            {
                context.Out.Profile.Out.Writer.WriteLine($"  sealed     {s.Path}");
            }

            foreach (var a in changes)
            {
                context.Out.Profile.Out.Writer.WriteLine($"  {a.Kind.ToString().ToLowerInvariant(),-10} {a.Path}");
            }
        }

        if (dryRun && settings.To is not null && !settings.Overwrite && plan.Count(RestoreActionKind.Overwrite) > 0)
        {
            context.Out.MarkupLineInterpolated($"[yellow]  ! {plan.Count(RestoreActionKind.Overwrite)} existing file(s) in {plan.TargetRoot} differ from the snapshot: the restore refuses to replace them without --overwrite.[/]");
        }

        if (result is not null)
        {
            context.Out.MarkupLineInterpolated($"  written    {result.Written} files ({ByteSize.Humanize(result.BytesWritten)}), each verified against its hash, in {result.Duration.TotalSeconds:0.00} s");
        }

        if (tag is not null)
        {
            context.Out.MarkupLineInterpolated($"  safety snapshot tagged [bold]{tag}[/]; undo with: brainrepo restore {tag}");
        }

        if (result?.Preserved.Count > 0)
        {
            context.Out.MarkupLineInterpolated($"[yellow]  {result.Preserved.Count} replaced file(s) were not in the safety snapshot (withheld, excluded, too large...); their old content was copied to {preserveRoot}[/]");
        }

        foreach (var w in plan.Warnings)
        {
            var what = w.Restored ? "restored at its last stored version"
                : w.Disposition == Disposition.SealedSecret ? "not restored: sealed under a key that was not given; left as it is on disk"
                : "not restored: the snapshot holds no version of it";
            context.Out.MarkupLineInterpolated($"[yellow]  ! {w.Path}: {w.Disposition.ToName()} ({w.Rule}), {what}[/]");
        }
    }

    private static void TryDeleteTree(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}

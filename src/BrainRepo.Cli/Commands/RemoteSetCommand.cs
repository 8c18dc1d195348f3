using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Operations;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo remote set &lt;url&gt;</c>: sets the remote. The URL must not carry a credential; an http(s)
/// token comes from an environment variable, standard input or (with a warning) an argument, and is stored
/// encrypted in the credential store, never in the state database or the repository.
/// </summary>
public sealed class RemoteSetCommand(CliContext context) : AsyncCommand<RemoteSetCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<URL>")]
        [Description("https://…, ssh://… or user@host:path, a local path or file://… . Never put a token in the URL.")]
        public string Url { get; init; } = string.Empty;

        [CommandOption("--token-env <VAR>")]
        [Description("Read the token from this environment variable (recommended).")]
        public string? TokenEnv { get; init; }

        [CommandOption("--token-stdin")]
        [Description("Read the token from the first line of standard input.")]
        public bool TokenStdin { get; init; }

        [CommandOption("--token <TOKEN>")]
        [Description("The token itself. Discouraged: arguments are visible to other users in 'ps'.")]
        public string? Token { get; init; }

        [CommandOption("--no-check")]
        [Description("Save the remote without checking it first (by default it is reached, the token tried and its refs read; nothing is saved when that fails).")]
        public bool NoCheck { get; init; }

        public override ValidationResult Validate()
        {
            return RemoteTokenInput.Conflicting(TokenEnv, TokenStdin, Token)
                ? ValidationResult.Error(RemoteTokenInput.OneWayOnly)
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var spec = RemoteTokenInput.ParseRemote(context, settings.Url);
        RemoteTokenInput.WarnIfArgument(context, settings.Token);

        var token = RemoteTokenInput.Read(context, settings.TokenEnv, settings.TokenStdin, settings.Token);
        if (token is not null && !spec.UsesToken)
        {
            throw new ConfigException($"A token is only used with http(s) remotes; {spec.Kind} remotes do not take one (ssh uses your SSH key). Nothing was changed.");
        }

        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        await using var operations = await Operations.OpenAsync(context, null, cancellationToken);
        var change = await new RemotePipeline(operations.Services).SetAsync(config, spec, token, !settings.NoCheck, TimeSpan.FromHours(1), new ConsoleEvents(context), cancellationToken);
        var state = change.State;

        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["url"] = spec.Display,
                ["kind"] = JsonOutput.Name(spec.Kind),
                ["token_stored"] = token is not null,
                ["checked"] = change.Check is not null,
                ["remote_refs"] = change.Check?.RefCount,
                ["remote_branch"] = change.Check?.BranchCommit,
                ["pending_snapshots"] = state.PendingSnapshots,
            });
            return ExitCodes.Complete;
        }

        context.Out.MarkupLineInterpolated($"Remote set: {spec.Display} ({spec.Kind}).");
        if (change.Check is { } check)
        {
            var branch = check.BranchCommit is null ? "no snapshots there yet" : $"snapshots branch at {check.BranchCommit[..Math.Min(12, check.BranchCommit.Length)]}";
            context.Out.MarkupLineInterpolated($"  checked     reached and read: {check.RefCount} ref(s), {branch}");
        }
        else
        {
            context.Err.MarkupLine("[yellow]warning:[/] not checked (--no-check): the first push tells whether the remote works ('brainrepo push').");
        }

        if (token is not null)
        {
            var keyFromEnvironment = !string.IsNullOrWhiteSpace(context.GetEnvironment(CredentialStoreOptions.DefaultKeyVariable));
            var options = new CredentialStoreOptions(config.StateDirectory);
            context.Out.MarkupLineInterpolated($"  token       stored encrypted in {options.StoreFilePath}");
            if (keyFromEnvironment)
            {
                context.Out.MarkupLineInterpolated($"  master key  from {CredentialStoreOptions.DefaultKeyVariable}");
            }
            else
            {
                context.Out.MarkupLineInterpolated($"  master key  {options.EffectiveKeyFilePath} (mode 0600; without it the token cannot be decrypted)");
            }
        }
        else if (spec.UsesToken)
        {
            context.Err.MarkupLine("[yellow]warning:[/] no token given: pushes will carry no credentials. Give one with --token-env VAR or --token-stdin.");
        }

        context.Out.MarkupLineInterpolated($"  pending     {state.PendingSnapshots} snapshot(s) not yet on this remote; the next sync pushes them (or run 'brainrepo push').");
        return ExitCodes.Complete;
    }
}

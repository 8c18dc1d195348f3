using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo milestone &lt;name&gt; [-m message]</c>: takes a snapshot (the sync path, without its push), tags
/// it <c>milestone/&lt;name&gt;</c> with an annotated tag, then pushes. A name that breaks git's ref rules, or
/// that is already taken, is refused before anything is changed.
/// </summary>
public sealed class MilestoneCommand(CliContext context) : AsyncCommand<MilestoneCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The milestone name; the tag is milestone/<NAME>.")]
        public string Name { get; init; } = string.Empty;

        [CommandOption("-m|--message <MESSAGE>")]
        [Description("The tag message (default: 'Milestone <NAME>').")]
        public string? Message { get; init; }

        [CommandOption("--no-push")]
        [Description("Do not push to the remote now (the next push takes the milestone).")]
        public bool NoPush { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        // A bad name is an InvalidTagNameException (BR2006): a usage error, thrown before anything changes.
        var tagName = SnapshotTagNames.Milestone(settings.Name);

        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using (var service = new PushService(context, config))
        {
            var existing = (await service.NewTags().ListAsync(cancellationToken)).FirstOrDefault(t => t.Name == tagName);
            if (existing is not null)
            {
                throw new ConfigException(
                    $"The milestone '{settings.Name}' already exists at snapshot {existing.Commit[..12]} ({existing.CommitDate:u}). Milestones never move: choose another name. Nothing was changed.");
            }
        }

        // The snapshot is taken by the sync command itself (same lock, engine, report and run record), without its push;
        // with --json its text summary is silenced so that this command prints one JSON document.
        var syncContext = settings.Json ? Quiet(context) : context;
        var syncExit = await new SyncCommand(syncContext).ExecuteAsync(
            commandContext,
            new SyncCommand.Settings { Workspace = config.WorkspaceRoot, NoPush = true },
            cancellationToken);

        using var held = await WorkspaceLocks.AcquireAsync(context, config, cancellationToken);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        using var push = new PushService(context, config);
        var head = session.Repository.Head()
            ?? throw new BrainRepoException(ErrorCodes.SnapshotNotFound, "The snapshot for the milestone is missing.");
        var tag = await push.NewTags().CreateMilestoneAsync(settings.Name, settings.Message, head, cancellationToken);
        if (!settings.Json)
        {
            context.Out.MarkupLineInterpolated($"Milestone {tag.Name} -> {tag.Commit[..12]}");
        }

        var remote = push.Store.GetRemote();
        var pushed = remote is null || settings.NoPush ? (bool?)null : await push.TryPushAsync(remote, settings.Json, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject
            {
                ["tag"] = tag.Name,
                ["commit"] = tag.Commit,
                ["status"] = JsonOutput.Name(session.Repository.ReadReport(head)?.Status),
                ["pushed"] = pushed,
            });
        }

        return syncExit;
    }

    private static CliContext Quiet(CliContext context) => new()
    {
        Out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }),
        Err = context.Err,
        GetEnvironment = context.GetEnvironment,
        CurrentDirectory = context.CurrentDirectory,
        Time = context.Time,
        LoggerFactory = context.LoggerFactory,
        OpenInput = context.OpenInput,
        Interactive = false,
    };
}

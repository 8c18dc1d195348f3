using System.Text.Json.Nodes;
using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Git.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo tag --daily|--weekly</c>: tags the newest snapshot <c>snapshot/daily/YYYY-MM-DD</c> or
/// <c>snapshot/weekly/YYYY-Www</c> (UTC, ISO week), once per period: asking again changes nothing.
/// </summary>
public sealed class TagCommand(CliContext context) : AsyncCommand<TagCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--daily")]
        [Description("Tag today's snapshot (UTC day), once per day.")]
        public bool Daily { get; init; }

        [CommandOption("--weekly")]
        [Description("Tag this week's snapshot (ISO week, UTC), once per week.")]
        public bool Weekly { get; init; }

        [CommandOption("--no-push")]
        [Description("Do not push a new tag to the remote now (the next push takes it).")]
        public bool NoPush { get; init; }

        public override ValidationResult Validate() =>
            Daily || Weekly ? ValidationResult.Success() : ValidationResult.Error("Say which tag: --daily, --weekly or both.");
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var config = WorkspaceSession.FindConfig(context, settings.Workspace);
        using var held = await WorkspaceLocks.AcquireAsync(context, config, cancellationToken);
        using var session = WorkspaceSession.Open(config, cancellationToken);
        var head = session.Repository.Head()
            ?? throw new BrainRepoException(ErrorCodes.SnapshotNotFound, "There are no snapshots yet. Fix: run 'brainrepo sync' first.");
        using var service = new PushService(context, config);
        var tags = service.NewTags();
        var results = new List<TagResult>();
        if (settings.Daily)
        {
            results.Add(await tags.EnsureDailyTagAsync(head, cancellationToken));
        }

        if (settings.Weekly)
        {
            results.Add(await tags.EnsureWeeklyTagAsync(head, cancellationToken));
        }

        if (!settings.Json)
        {
            foreach (var r in results)
            {
                if (r.Created)
                {
                    context.Out.MarkupLineInterpolated($"Tagged {r.Name} -> {r.Commit[..12]}");
                }
                else
                {
                    context.Out.MarkupLineInterpolated($"{r.Name} already exists -> {r.Commit[..12]} (once per period: nothing changed)");
                }
            }
        }

        var pushed = (bool?)null;
        var remote = service.Store.GetRemote();
        if (remote is not null && !settings.NoPush && results.Any(r => r.Created))
        {
            pushed = await service.TryPushAsync(remote, settings.Json, cancellationToken);
        }

        if (settings.Json)
        {
            JsonOutput.Write(context.Out, new JsonObject { ["tags"] = JsonOutput.Array(results, r => new JsonObject { ["tag"] = r.Name, ["commit"] = r.Commit, ["created"] = r.Created }), ["pushed"] = pushed });
        }

        return ExitCodes.Complete;
    }
}

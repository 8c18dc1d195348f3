using System.Globalization;
using BrainRepo.Core.Remote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Git.Remote;

/// <summary>
/// Creates, lists and deletes BrainRepo's tags in a bare backup repository. Daily and weekly tags are
/// lightweight and made once per period; milestones are annotated. Creation is idempotent.
/// </summary>
public sealed class GitSnapshotTags : ISnapshotTagStore
{
    private const string ZeroId = "0000000000000000000000000000000000000000";

    private readonly GitRemoteClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly GitRepositoryCommands _git;

    public GitSnapshotTags(
        string repositoryPath,
        GitRemoteClientOptions? options = null,
        ILogger<GitSnapshotTags>? logger = null,
        TimeProvider? timeProvider = null,
        GitProcessRunner? runner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryPath);
        _options = (options ?? new GitRemoteClientOptions()).Validate();
        _logger = logger ?? NullLogger<GitSnapshotTags>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _git = new GitRepositoryCommands(runner ?? new GitProcessRunner(_options.GitExecutable), _options, Path.GetFullPath(repositoryPath), _logger);
    }

    /// <summary>Tags <paramref name="commit"/> (default: the branch tip) <c>snapshot/daily/YYYY-MM-DD</c> for today (UTC), once per day.</summary>
    public Task<TagResult> EnsureDailyTagAsync(string? commit, CancellationToken cancellationToken) =>
        EnsureLightweightAsync(SnapshotTagNames.Daily(_timeProvider.GetUtcNow()), commit, cancellationToken);

    /// <summary>Tags <paramref name="commit"/> (default: the branch tip) <c>snapshot/weekly/YYYY-Www</c> for this ISO week (UTC), once per week.</summary>
    public Task<TagResult> EnsureWeeklyTagAsync(string? commit, CancellationToken cancellationToken) =>
        EnsureLightweightAsync(SnapshotTagNames.Weekly(_timeProvider.GetUtcNow()), commit, cancellationToken);

    /// <summary>
    /// Tags <paramref name="commit"/> (default: the branch tip) <c>milestone/&lt;name&gt;</c> with an annotated tag.
    /// Asking again for the same commit changes nothing; the same name on another commit is refused.
    /// </summary>
    /// <exception cref="InvalidTagNameException">The name breaks git's ref rules; nothing was changed.</exception>
    public async Task<TagResult> CreateMilestoneAsync(string name, string? message, string? commit, CancellationToken cancellationToken)
    {
        var tag = SnapshotTagNames.Milestone(name);
        var target = await ResolveCommitAsync(commit, cancellationToken).ConfigureAwait(false);
        var existing = await PeeledAsync(tag, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!string.Equals(existing, target, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The milestone '{name}' already exists at another snapshot ({existing[..12]}); choose another name.");
            }

            LogMessages.TagExists(_logger, tag, existing);
            return new TagResult(tag, existing, false);
        }

        var date = _timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_COMMITTER_NAME"] = _options.CommitterName,
            ["GIT_COMMITTER_EMAIL"] = _options.CommitterEmail,
            ["GIT_COMMITTER_DATE"] = date,
        };
        var text = string.IsNullOrWhiteSpace(message) ? "Milestone " + name : message;
        await _git.RunCheckedAsync(["tag", "-a", "-m", text, tag, target], cancellationToken, environment).ConfigureAwait(false);
        LogMessages.TagCreated(_logger, tag, target);
        return new TagResult(tag, target, true);
    }

    /// <summary>Lists BrainRepo's tags (daily, weekly, milestones, pre-restore undo points) with the commit and commit date they point at.</summary>
    public async Task<IReadOnlyList<SnapshotTag>> ListAsync(CancellationToken cancellationToken)
    {
        var output = await _git.RunCheckedAsync(
            [
                "for-each-ref",
                "--format=%(refname)%09%(objecttype)%09%(objectname)%09%(*objectname)%09%(committerdate:unix)%09%(*committerdate:unix)",
                "refs/tags/snapshot/",
                "refs/tags/milestone/",
                "refs/tags/pre-restore/",
            ],
            cancellationToken).ConfigureAwait(false);
        var tags = new List<SnapshotTag>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length < 6)
            {
                continue;
            }

            var name = f[0]["refs/tags/".Length..];
            if (!SnapshotTagNames.TryParse(name, out var kind, out var period))
            {
                continue;
            }

            var annotated = f[1] == "tag";
            var commit = annotated ? f[3] : f[2];
            var seconds = annotated ? f[5] : f[4];
            if (!long.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix))
            {
                continue;
            }

            tags.Add(new SnapshotTag(name, kind, period, commit, DateTimeOffset.FromUnixTimeSeconds(unix)));
        }

        return tags;
    }

    /// <summary>Deletes the given tags locally; returns those that existed and were deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(IEnumerable<string> tagNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagNames);
        var deleted = new List<string>();
        foreach (var tag in tagNames.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!GitRefName.IsValid("refs/tags/" + tag))
            {
                throw new InvalidTagNameException($"'{tag}' is not a valid tag name.");
            }

            var exists = await _git.RunAsync(["rev-parse", "--verify", "--quiet", "refs/tags/" + tag], cancellationToken).ConfigureAwait(false);
            if (exists.ExitCode != 0)
            {
                continue;
            }

            await _git.RunCheckedAsync(["update-ref", "-d", "refs/tags/" + tag], cancellationToken).ConfigureAwait(false);
            deleted.Add(tag);
            LogMessages.TagDeleted(_logger, tag);
        }

        return deleted;
    }

    private async Task<TagResult> EnsureLightweightAsync(string tag, string? commit, CancellationToken cancellationToken)
    {
        var existing = await PeeledAsync(tag, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            LogMessages.TagExists(_logger, tag, existing);
            return new TagResult(tag, existing, false);
        }

        var target = await ResolveCommitAsync(commit, cancellationToken).ConfigureAwait(false);
        // The zero old value makes the creation atomic: it fails if another process created the tag meanwhile.
        var output = await _git.RunAsync(["update-ref", "refs/tags/" + tag, target, ZeroId], cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            var raced = await PeeledAsync(tag, cancellationToken).ConfigureAwait(false);
            if (raced is not null)
            {
                return new TagResult(tag, raced, false);
            }

            throw new InvalidOperationException($"Could not create tag {tag}: {output.StandardError.Trim()}");
        }

        LogMessages.TagCreated(_logger, tag, target);
        return new TagResult(tag, target, true);
    }

    private async Task<string> ResolveCommitAsync(string? commit, CancellationToken cancellationToken)
    {
        var spec = (commit ?? "refs/heads/" + _options.Branch) + "^{commit}";
        var output = await _git.RunAsync(["rev-parse", "--verify", "--quiet", spec], cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException(commit is null
                ? $"The backup repository has no snapshot on '{_options.Branch}' to tag yet."
                : "The commit to tag does not exist in the backup repository.");
        }

        return output.StandardOutput.Trim();
    }

    private async Task<string?> PeeledAsync(string tag, CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync(["rev-parse", "--verify", "--quiet", "refs/tags/" + tag + "^{commit}"], cancellationToken).ConfigureAwait(false);
        return output.ExitCode == 0 ? output.StandardOutput.Trim() : null;
    }
}

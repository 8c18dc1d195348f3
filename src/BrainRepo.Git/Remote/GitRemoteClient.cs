using System.Globalization;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Git.Remote;

/// <summary>
/// Pushes the snapshot branch and tags of a bare backup repository with the git CLI, never forcing;
/// verifies every push by reading the remote refs back; merges (keeping our tree) when the remote moved ahead.
/// The token reaches git only through an askpass helper reading the child's environment.
/// </summary>
public sealed class GitRemoteClient : IRemoteClient
{
    private const string TrackingPrefix = "refs/brainrepo/remotes/";

    private readonly string _repositoryPath;
    private readonly GitRemoteClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly GitRepositoryCommands _git;

    public GitRemoteClient(
        string repositoryPath,
        GitRemoteClientOptions? options = null,
        ILogger<GitRemoteClient>? logger = null,
        TimeProvider? timeProvider = null,
        GitProcessRunner? runner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryPath);
        _repositoryPath = Path.GetFullPath(repositoryPath);
        _options = (options ?? new GitRemoteClientOptions()).Validate();
        _logger = logger ?? NullLogger<GitRemoteClient>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _git = new GitRepositoryCommands(runner ?? new GitProcessRunner(_options.GitExecutable), _options, _repositoryPath, _logger);
    }

    private string BranchRef => "refs/heads/" + _options.Branch;

    /// <summary>
    /// Pushes the branch and <paramref name="tags"/> (names without <c>refs/tags/</c>) to <paramref name="remote"/>,
    /// then verifies that the remote refs equal the local ones. When the remote moved ahead, fetches it and
    /// writes a merge commit whose tree is our snapshot, then pushes again. Never force-pushes.
    /// </summary>
    /// <param name="remote">Where to push.</param>
    /// <param name="token">The token for http(s) remotes; ignored for ssh and local remotes.</param>
    /// <param name="tags">Local tags to push with the branch.</param>
    /// <param name="progress">Receives git's progress; may be null.</param>
    /// <param name="cancellationToken">Checked between steps; a running <c>git push</c> is never interrupted.</param>
    /// <exception cref="RemotePushException">The push did not land; the message names the cause.</exception>
    public async Task<PushResult> PushAsync(
        RemoteSpec remote,
        SecretToken? token,
        IReadOnlyCollection<string> tags,
        IProgress<PushProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(tags);
        token = remote.UsesToken ? token : null;
        var tagList = tags.Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in tagList)
        {
            var error = GitRefName.Check("refs/tags/" + tag);
            if (error is not null)
            {
                throw new InvalidTagNameException($"'{tag}' is not a valid tag name: {error}.");
            }
        }

        var snapshot = await ResolveAsync(BranchRef, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The backup repository has no branch '{_options.Branch}' to push.");
        var localTags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tagList)
        {
            localTags[tag] = await ResolveAsync("refs/tags/" + tag, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException($"The tag '{tag}' does not exist in the backup repository.", nameof(tags));
        }

        LogMessages.PushStarting(_logger, _options.Branch, snapshot, tagList.Count, remote.Display);
        var current = snapshot;
        var merged = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var output = await PushOnceAsync(remote, token, tagList, progress, cancellationToken).ConfigureAwait(false);
            if (output.ExitCode == 0)
            {
                break;
            }

            var diverged = BranchRejectedAsDiverged(output.StandardOutput);
            if (diverged && attempt <= _options.MaxMergeAttempts)
            {
                LogMessages.RemoteDiverged(_logger, remote.Display, _options.Branch, attempt);
                var remoteTip = await FetchRemoteBranchAsync(remote, token, cancellationToken).ConfigureAwait(false);
                var next = await MergeKeepingOurTreeAsync(current, remoteTip, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(next, current, StringComparison.Ordinal))
                {
                    merged.Add(remoteTip);
                    current = next;
                }

                continue;
            }

            throw Fail(remote, diverged ? RemoteFailureReason.Diverged : Classify(output), output);
        }

        await VerifyAsync(remote, token, current, localTags, cancellationToken).ConfigureAwait(false);
        LogMessages.PushVerified(_logger, remote.Display, _options.Branch, current);
        return new PushResult(snapshot, current, merged, tagList, _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Reads the remote refs, as <c>git ls-remote</c> shows them: full ref name to object id.
    /// Peeled entries (<c>^{}</c>) are left out.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> ListRemoteRefsAsync(
        RemoteSpec remote,
        SecretToken? token,
        IReadOnlyCollection<string> refNames,
        CancellationToken cancellationToken) =>
        ListRefsAsync(remote, token, refNames, "Push to " + remote?.Display, cancellationToken);

    /// <summary>
    /// Checks that <paramref name="remote"/> can be used before it is saved: <c>git ls-remote</c> reaches it,
    /// authenticates (the token through the askpass helper, as for a push) and reads every ref. Nothing is written.
    /// </summary>
    /// <exception cref="RemotePushException">The remote cannot be used; the message names the cause.</exception>
    public async Task<RemoteCheck> CheckAsync(RemoteSpec remote, SecretToken? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var refs = await ListRefsAsync(remote, token, [], "Checking the remote " + remote.Display, cancellationToken).ConfigureAwait(false);
        return new RemoteCheck(refs.Keys.Count(k => k != "HEAD"), refs.GetValueOrDefault(BranchRef));
    }

    private async Task<IReadOnlyDictionary<string, string>> ListRefsAsync(
        RemoteSpec remote,
        SecretToken? token,
        IReadOnlyCollection<string> refNames,
        string what,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(refNames);
        token = remote.UsesToken ? token : null;
        var arguments = new List<string> { "ls-remote", remote.Url };
        arguments.AddRange(refNames);
        var output = await _git.RunAsync(arguments, token, null, true, null, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            throw Fail(remote, Classify(output), output, what);
        }

        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', 2);
            if (parts.Length == 2 && !parts[1].EndsWith("^{}", StringComparison.Ordinal))
            {
                refs[parts[1].Trim()] = parts[0].Trim();
            }
        }

        return refs;
    }

    /// <summary>
    /// Deletes <paramref name="tags"/> (names without <c>refs/tags/</c>) on the remote, for <c>forget</c>.
    /// Tags already absent are fine. Verified by reading the remote refs back.
    /// </summary>
    public async Task DeleteRemoteTagsAsync(
        RemoteSpec remote,
        SecretToken? token,
        IReadOnlyCollection<string> tags,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(tags);
        token = remote.UsesToken ? token : null;
        var refs = tags.Select(t => "refs/tags/" + t).Distinct(StringComparer.Ordinal).ToList();
        if (refs.Count == 0)
        {
            return;
        }

        var present = await ListRemoteRefsAsync(remote, token, refs, cancellationToken).ConfigureAwait(false);
        var toDelete = refs.Where(present.ContainsKey).ToList();
        if (toDelete.Count > 0)
        {
            var arguments = new List<string> { "push", "--porcelain", remote.Url };
            arguments.AddRange(toDelete.Select(r => ":" + r));
            var output = await _git.RunAsync(arguments, token, null, false, null, cancellationToken).ConfigureAwait(false);
            if (output.ExitCode != 0)
            {
                throw Fail(remote, Classify(output), output);
            }
        }

        var after = await ListRemoteRefsAsync(remote, token, refs, cancellationToken).ConfigureAwait(false);
        if (after.Count > 0)
        {
            throw new RemotePushException(
                RemoteFailureReason.VerificationFailed,
                $"Deleting tags on {remote.Display} did not take effect: {string.Join(", ", after.Keys)} still exist.");
        }

        LogMessages.RemoteTagsDeleted(_logger, toDelete.Count, remote.Display);
    }

    /// <summary>
    /// Disaster recovery: creates a new bare repository at <paramref name="targetDir"/> (which must not exist
    /// or be empty) and fetches every branch and tag of <paramref name="remote"/> into it. The token reaches git
    /// only through the askpass helper: it is never in argv, in the repository's config or in FETCH_HEAD, and
    /// the remote URL is not recorded in the new repository. On failure the folder is deleted.
    /// </summary>
    /// <exception cref="RemotePushException">The clone failed; the message names the cause and never holds the token.</exception>
    public static async Task CloneBareAsync(
        RemoteSpec remote,
        SecretToken? token,
        string targetDir,
        CancellationToken cancellationToken,
        GitRemoteClientOptions? options = null,
        ILogger<GitRemoteClient>? logger = null,
        GitProcessRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDir);
        targetDir = Path.GetFullPath(targetDir);
        if (Directory.Exists(targetDir) && Directory.EnumerateFileSystemEntries(targetDir).Any())
        {
            throw new IOException($"Cannot clone into {targetDir}: the folder is not empty.");
        }

        Directory.CreateDirectory(targetDir);
        try
        {
            var client = new GitRemoteClient(targetDir, options, logger, runner: runner);
            await client.FetchAllIntoNewRepositoryAsync(remote, remote.UsesToken ? token : null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                Directory.Delete(targetDir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            throw;
        }
    }

    private async Task FetchAllIntoNewRepositoryAsync(RemoteSpec remote, SecretToken? token, CancellationToken cancellationToken)
    {
        await _git.RunCheckedAsync(["init", "--bare", "--quiet"], cancellationToken).ConfigureAwait(false);
        // No remote is configured (the URL is never written into the new repository) and FETCH_HEAD is not written.
        var arguments = new List<string>
        {
            "fetch", "--no-write-fetch-head", "--quiet", "--no-tags", remote.Url,
            "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*",
        };
        var output = await _git.RunAsync(arguments, token, null, true, null, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            var reason = RemoteErrorClassifier.Classify(output.StandardError);
            var said = string.Join(" | ", output.StandardError.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(6));
            var why = reason == RemoteFailureReason.AuthenticationFailed
                ? "authentication failed: the token was refused or none was given (use --token-env VAR or --token-stdin)"
                : RemoteErrorClassifier.Describe(reason);
            throw new RemotePushException(reason, $"Cloning {remote.Display} failed: {why}. git said: {said}");
        }

        await _git.RunCheckedAsync(["symbolic-ref", "HEAD", BranchRef], cancellationToken).ConfigureAwait(false);
    }

    private async Task<GitProcessResult> PushOnceAsync(
        RemoteSpec remote,
        SecretToken? token,
        List<string> tags,
        IProgress<PushProgress>? progress,
        CancellationToken cancellationToken)
    {
        // No '+' in any refspec and no --force: a push that is not a fast-forward is rejected by git.
        var arguments = new List<string> { "push", "--porcelain", "--progress", remote.Url, BranchRef + ":" + BranchRef };
        arguments.AddRange(tags.Select(t => "refs/tags/" + t + ":refs/tags/" + t));
        return await _git.RunAsync(
            arguments,
            token,
            line =>
            {
                var parsed = PushProgressParser.TryParse(line);
                if (parsed is not null)
                {
                    progress?.Report(parsed);
                }
                else
                {
                    LogMessages.GitOutput(_logger, line);
                }
            },
            interruptible: false,
            extraEnvironment: null,
            cancellationToken).ConfigureAwait(false);
    }

    private bool BranchRejectedAsDiverged(string porcelain)
    {
        foreach (var line in porcelain.Split('\n'))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 3 && parts[0] == "!" && parts[1].EndsWith(":" + BranchRef, StringComparison.Ordinal)
                && (parts[2].Contains("non-fast-forward", StringComparison.Ordinal) || parts[2].Contains("fetch first", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<string> FetchRemoteBranchAsync(RemoteSpec remote, SecretToken? token, CancellationToken cancellationToken)
    {
        var tracking = TrackingPrefix + _options.Branch;
        // The '+' here only moves our private tracking ref; nothing is forced on the remote.
        var arguments = new List<string> { "fetch", "--no-tags", "--no-write-fetch-head", "--quiet", remote.Url, "+" + BranchRef + ":" + tracking };
        var output = await _git.RunAsync(arguments, token, null, true, null, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            throw Fail(remote, Classify(output), output);
        }

        return await ResolveAsync(tracking, cancellationToken).ConfigureAwait(false)
            ?? throw new RemotePushException(RemoteFailureReason.Unknown, $"Fetching {_options.Branch} from {remote.Display} gave no commit.");
    }

    private async Task<string> MergeKeepingOurTreeAsync(string ours, string remoteTip, CancellationToken cancellationToken)
    {
        var ancestor = await _git.RunAsync(["merge-base", "--is-ancestor", remoteTip, ours], cancellationToken).ConfigureAwait(false);
        if (ancestor.ExitCode == 0)
        {
            // The remote is behind us after all (it moved back, or another push raced): push again as is.
            return ours;
        }

        var tree = await _git.RunCheckedAsync(["rev-parse", ours + "^{tree}"], cancellationToken).ConfigureAwait(false);
        var oursMessage = await _git.RunAsync(["log", "-1", "--format=%B", ours], cancellationToken).ConfigureAwait(false);
        var message = SnapshotCommitMessage.FormatMerge(ours, oursMessage.ExitCode == 0 ? oursMessage.StandardOutput : null);
        var merge = await _git.RunCheckedAsync(
            ["commit-tree", tree, "-p", ours, "-p", remoteTip, "-m", message],
            cancellationToken,
            IdentityEnvironment()).ConfigureAwait(false);

        var update = await _git.RunAsync(
            ["update-ref", "-m", "brainrepo: merge remote changes", BranchRef, merge, ours],
            cancellationToken).ConfigureAwait(false);
        if (update.ExitCode != 0)
        {
            throw new RemotePushException(
                RemoteFailureReason.LocalBranchMoved,
                $"Push failed: {RemoteErrorClassifier.Describe(RemoteFailureReason.LocalBranchMoved)}.");
        }

        LogMessages.MergeCreated(_logger, merge, ours, remoteTip);
        return merge;
    }

    private async Task VerifyAsync(
        RemoteSpec remote,
        SecretToken? token,
        string expectedBranch,
        Dictionary<string, string> tags,
        CancellationToken cancellationToken)
    {
        var wanted = new List<string> { BranchRef };
        wanted.AddRange(tags.Keys.Select(t => "refs/tags/" + t));
        var refs = await ListRemoteRefsAsync(remote, token, wanted, cancellationToken).ConfigureAwait(false);
        if (!refs.TryGetValue(BranchRef, out var actual) || !string.Equals(actual, expectedBranch, StringComparison.OrdinalIgnoreCase))
        {
            throw new RemotePushException(
                RemoteFailureReason.VerificationFailed,
                $"Push to {remote.Display} not verified: {RemoteErrorClassifier.Describe(RemoteFailureReason.VerificationFailed)} " +
                $"({_options.Branch}: expected {expectedBranch}, remote has {actual ?? "nothing"}).");
        }

        foreach (var (tag, id) in tags)
        {
            if (!refs.TryGetValue("refs/tags/" + tag, out var remoteId) || !string.Equals(remoteId, id, StringComparison.OrdinalIgnoreCase))
            {
                throw new RemotePushException(
                    RemoteFailureReason.VerificationFailed,
                    $"Push to {remote.Display} not verified: tag {tag} is {remoteId ?? "missing"} on the remote, {id} locally.");
            }
        }
    }

    private async Task<string?> ResolveAsync(string refName, CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync(["rev-parse", "--verify", "--quiet", refName], cancellationToken).ConfigureAwait(false);
        return output.ExitCode == 0 ? output.StandardOutput.Trim() : null;
    }

    private Dictionary<string, string> IdentityEnvironment()
    {
        var date = _timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = _options.CommitterName,
            ["GIT_AUTHOR_EMAIL"] = _options.CommitterEmail,
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_NAME"] = _options.CommitterName,
            ["GIT_COMMITTER_EMAIL"] = _options.CommitterEmail,
            ["GIT_COMMITTER_DATE"] = date,
        };
    }

    private static RemoteFailureReason Classify(GitProcessResult output)
    {
        var rejected = output.StandardOutput.Split('\n').Where(l => l.StartsWith('!'));
        return RemoteErrorClassifier.Classify(output.StandardError + "\n" + string.Join('\n', rejected));
    }

    private RemotePushException Fail(RemoteSpec remote, RemoteFailureReason reason, GitProcessResult output, string? what = null)
    {
        var said = string.Join(
            " | ",
            (output.StandardError + "\n" + string.Join('\n', output.StandardOutput.Split('\n').Where(l => l.StartsWith('!'))))
                .Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => PushProgressParser.TryParse(l) is null)
                .TakeLast(12));
        var exception = new RemotePushException(
            reason,
            $"{what ?? "Push to " + remote.Display} failed: {RemoteErrorClassifier.Describe(reason)}. git said: {said}");
        LogMessages.PushFailed(_logger, remote.Display, reason, exception.IsTransient, said);
        return exception;
    }
}

using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// Removes git lock files (<c>index.lock</c>, <c>HEAD.lock</c>, <c>config.lock</c>, <c>packed-refs.lock</c>,
/// <c>shallow.lock</c>, <c>refs/**/*.lock</c>) left by a killed git, only when provably stale: no git process
/// runs in the repository, and either the previous lease owner is known dead or the lock is older than
/// <see cref="GitLockOptions.StaleAfter"/>. Anything else is left alone and reported as held.
/// </summary>
public sealed class GitLockJanitor
{
    private static readonly string[] TopLevelLocks = ["index.lock", "HEAD.lock", "ORIG_HEAD.lock", "FETCH_HEAD.lock", "config.lock", "packed-refs.lock", "shallow.lock"];
    private readonly IGitProcessProbe _probe;
    private readonly GitLockOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a janitor.</summary>
    public GitLockJanitor(IGitProcessProbe probe, GitLockOptions options, TimeProvider timeProvider, ILogger<GitLockJanitor> logger)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _probe = probe;
        _options = options.Validate();
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Scans <paramref name="gitDirectory"/> (the <c>.git</c> folder). <paramref name="workTree"/> is where a git
    /// process of ours would run. <paramref name="previousOwnerDead"/> is true when this run just reclaimed the
    /// workspace from a dead or expired owner.
    /// </summary>
    public GitLockScan RemoveStaleLocks(string gitDirectory, string workTree, bool previousOwnerDead)
    {
        var locks = FindLocks(gitDirectory);
        if (locks.Count == 0)
        {
            return new GitLockScan([], []);
        }

        if (_probe.IsGitRunningIn(workTree) || _probe.IsGitRunningIn(gitDirectory))
        {
            foreach (var path in locks)
            {
                CoordinationLog.GitLockHeld(_logger, path, "a git process runs in the repository");
            }

            return new GitLockScan([], locks);
        }

        var removed = new List<string>();
        var held = new List<string>();
        var now = _time.GetUtcNow();
        foreach (var path in locks)
        {
            var age = now - new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            if (!previousOwnerDead && age < _options.StaleAfter)
            {
                CoordinationLog.GitLockHeld(_logger, path, "the lock is recent and its owner may be alive");
                held.Add(path);
                continue;
            }

            try
            {
                File.Delete(path);
                CoordinationLog.GitLockRemoved(_logger, path, previousOwnerDead ? "its owner is dead" : "it is older than the threshold", age);
                removed.Add(path);
            }
            catch (IOException)
            {
                held.Add(path);
            }
        }

        return new GitLockScan(removed, held);
    }

    private static List<string> FindLocks(string gitDirectory)
    {
        var locks = TopLevelLocks.Select(name => Path.Combine(gitDirectory, name)).Where(File.Exists).ToList();
        var refs = Path.Combine(gitDirectory, "refs");
        if (Directory.Exists(refs))
        {
            locks.AddRange(Directory.EnumerateFiles(refs, "*.lock", SearchOption.AllDirectories));
        }

        return locks;
    }
}

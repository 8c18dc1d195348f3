using BrainRepo.Core.Credentials;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Git.Remote;

/// <summary>
/// Runs git against one bare repository with a hardened environment: user credential helpers off,
/// terminal prompts off, trace variables removed, C locale (stable messages), and — when a token is
/// given — a private askpass script that reads the token from the child's environment.
/// All output is scrubbed of the token before anyone sees it.
/// </summary>
internal sealed class GitCommandRunner
{
    private static readonly string[] RemovedVariables =
    [
        "GIT_TRACE", "GIT_TRACE_CURL", "GIT_TRACE_PACKET", "GIT_TRACE_PERFORMANCE", "GIT_TRACE_SETUP", "GIT_CURL_VERBOSE",
        "GIT_TRACE2", "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "SSH_ASKPASS",
    ];

    private readonly IProcessLauncher _launcher;
    private readonly GitRemoteClientOptions _options;
    private readonly string _repositoryPath;
    private readonly ILogger _logger;

    public GitCommandRunner(IProcessLauncher launcher, GitRemoteClientOptions options, string repositoryPath, ILogger logger)
    {
        _launcher = launcher;
        _options = options;
        _repositoryPath = repositoryPath;
        _logger = logger;
    }

    public Task<GitOutput> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(arguments, token: null, onLine: null, interruptible: true, extraEnvironment: null, cancellationToken);

    public async Task<GitOutput> RunAsync(
        IReadOnlyList<string> arguments,
        SecretToken? token,
        Action<string>? onLine,
        bool interruptible,
        IReadOnlyDictionary<string, string>? extraEnvironment,
        CancellationToken cancellationToken)
    {
        var scrubber = token is null ? SecretScrubber.None : new SecretScrubber(token.Reveal(), _options.Username);
        using var askPass = token is null ? null : AskPassSession.Create();

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["LC_ALL"] = "C",
            ["LANG"] = "C",
            ["LANGUAGE"] = null,
            ["GIT_ASKPASS"] = askPass?.ScriptPath,
            [AskPassSession.UsernameVariable] = token is null ? null : _options.Username,
            [AskPassSession.TokenVariable] = token?.Reveal(),
        };
        foreach (var name in RemovedVariables)
        {
            environment[name] = null;
        }

        if (extraEnvironment is not null)
        {
            foreach (var (name, value) in extraEnvironment)
            {
                environment[name] = value;
            }
        }

        var fullArguments = new List<string> { "-c", "credential.helper=" };
        if (askPass is not null)
        {
            fullArguments.Add("-c");
            fullArguments.Add("core.askPass=" + askPass.ScriptPath);
        }

        fullArguments.Add("--git-dir=" + _repositoryPath);
        fullArguments.AddRange(arguments);
        LogMessages.RunningGit(_logger, scrubber.Scrub(string.Join(' ', arguments)));

        var request = new ProcessRequest
        {
            FileName = _options.GitExecutable,
            Arguments = fullArguments,
            WorkingDirectory = _repositoryPath,
            Environment = environment,
            Interruptible = interruptible,
            OnStandardErrorLine = onLine is null ? null : line => onLine(scrubber.Scrub(line)),
        };
        var result = await _launcher.RunAsync(request, cancellationToken).ConfigureAwait(false);
        return new GitOutput(result.ExitCode, scrubber.Scrub(result.StandardOutput), scrubber.Scrub(result.StandardError));
    }

    /// <summary>Runs git and returns its trimmed standard output, or throws with git's (scrubbed) message.</summary>
    public async Task<string> RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var output = await RunAsync(arguments, null, null, true, extraEnvironment, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {arguments[0]} failed (exit {output.ExitCode}): {output.StandardError.Trim()}");
        }

        // Only line ends are trimmed: tab-separated output may legitimately end with an empty field.
        return output.StandardOutput.TrimEnd('\r', '\n');
    }
}

using BrainRepo.Core.Credentials;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Git.Remote;

/// <summary>
/// The git commands of the remote adapter against one bare repository: each becomes a request to
/// <see cref="GitProcessRunner"/> (which applies the hardening and hands a token over by askpass), and
/// its arguments are logged.
/// </summary>
internal sealed class GitRepositoryCommands
{
    private readonly GitProcessRunner _runner;
    private readonly GitRemoteClientOptions _options;
    private readonly string _repositoryPath;
    private readonly ILogger _logger;

    public GitRepositoryCommands(GitProcessRunner runner, GitRemoteClientOptions options, string repositoryPath, ILogger logger)
    {
        _runner = runner;
        _options = options;
        _repositoryPath = repositoryPath;
        _logger = logger;
    }

    public Task<GitProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(arguments, token: null, onLine: null, interruptible: true, extraEnvironment: null, cancellationToken);

    public Task<GitProcessResult> RunAsync(
        IReadOnlyList<string> arguments,
        SecretToken? token,
        Action<string>? onLine,
        bool interruptible,
        IReadOnlyDictionary<string, string>? extraEnvironment,
        CancellationToken cancellationToken)
    {
        var scrubber = token is null ? SecretScrubber.None : new SecretScrubber(token.Reveal(), _options.Username);
        LogMessages.RunningGit(_logger, scrubber.Scrub(string.Join(' ', arguments)));
        return _runner.RunAsync(
            new GitProcessRequest
            {
                Arguments = arguments,
                GitDirectory = _repositoryPath,
                WorkingDirectory = _repositoryPath,
                Environment = extraEnvironment,
                Token = token,
                Username = token is null ? null : _options.Username,
                OnStandardErrorLine = onLine,
                Interruptible = interruptible,
            },
            cancellationToken);
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

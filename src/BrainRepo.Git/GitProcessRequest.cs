using BrainRepo.Core.Credentials;

namespace BrainRepo.Git;

/// <summary>
/// One git command for <see cref="GitProcessRunner"/>. A secret never goes in <see cref="Arguments"/> or
/// <see cref="Environment"/>: a token is given as <see cref="Token"/> and reaches git only through askpass.
/// </summary>
public sealed record GitProcessRequest
{
    /// <summary>git's arguments after the runner's own (<c>-c</c> settings, <c>--git-dir</c>): the command and its options.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The repository, passed as <c>--git-dir</c>; null for commands that take none (<c>init</c>).</summary>
    public string? GitDirectory { get; init; }

    /// <summary>git's working directory; null keeps this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Variables added to the child's environment (an author identity, say). A variable that the runner's
    /// hardening sets or removes cannot be given here.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The token for an http(s) remote: handed to git by a one-off askpass helper, and scrubbed from all output.</summary>
    public SecretToken? Token { get; init; }

    /// <summary>The username sent with <see cref="Token"/> (HTTP basic auth).</summary>
    public string? Username { get; init; }

    /// <summary>Called for each line of standard error as it arrives (split on '\r' and '\n'), for progress.</summary>
    public Action<string>? OnStandardErrorLine { get; init; }

    /// <summary>
    /// When false, the cancellation token is checked only before git starts: a running git (a push) is
    /// left to finish. When true, a cancel kills git's whole process tree.
    /// </summary>
    public bool Interruptible { get; init; } = true;
}

namespace BrainRepo.Git.Remote;

/// <summary>Maps git's (already scrubbed) output of a failed remote command to a <see cref="RemoteFailureReason"/>.</summary>
public static class RemoteErrorClassifier
{
    private static readonly (RemoteFailureReason Reason, string[] Needles)[] Rules =
    [
        (RemoteFailureReason.AuthenticationFailed,
        [
            "authentication failed", "returned error: 401", "http 401", "could not read username", "could not read password",
            "terminal prompts disabled", "permission denied (publickey", "invalid username or password", "bad credentials",
            "invalid credentials", "host key verification failed",
        ]),
        (RemoteFailureReason.ProtectedBranch, ["protected branch", "gh006", "protected ref", "branch is protected"]),
        (RemoteFailureReason.FileTooLarge,
        [
            "file size limit", "gh001", "too large", "request entity too large", "returned error: 413", "large files detected",
            "exceeds the maximum", "object too big",
        ]),
        (RemoteFailureReason.QuotaExceeded, ["quota", "no space left", "storage limit", "disk full"]),
        (RemoteFailureReason.PermissionDenied,
        [
            "returned error: 403", "http 403", "permission to", "permission denied", "access denied", "not authorized",
            "not allowed to push", "insufficient permission", "write access to repository not granted",
        ]),
        (RemoteFailureReason.TagConflict, ["(already exists)", "tag already exists"]),
        (RemoteFailureReason.Diverged, ["non-fast-forward", "(fetch first)"]),
        (RemoteFailureReason.RejectedByHook, ["hook declined", "pre-receive hook", "update hook", "[remote rejected]"]),
        (RemoteFailureReason.RemoteNotFound,
        [
            "repository not found", "does not appear to be a git repository", "returned error: 404", "not a git repository",
        ]),
        (RemoteFailureReason.RemoteUnavailable,
        [
            "could not resolve host", "connection refused", "failed to connect", "couldn't connect", "connection timed out",
            "timed out", "unable to access", "remote end hung up", "returned error: 5", "http 5", "network is unreachable",
            "could not read from remote repository", "early eof", "connection reset", "rpc failed", "ssl", "tls",
        ]),
    ];

    /// <summary>Classifies <paramref name="gitOutput"/>; <see cref="RemoteFailureReason.Unknown"/> when nothing matches.</summary>
    public static RemoteFailureReason Classify(string gitOutput)
    {
        ArgumentNullException.ThrowIfNull(gitOutput);
        var text = gitOutput.ToLowerInvariant();
        foreach (var (reason, needles) in Rules)
        {
            if (needles.Any(n => text.Contains(n, StringComparison.Ordinal)))
            {
                return reason;
            }
        }

        return RemoteFailureReason.Unknown;
    }

    /// <summary>A short human description of <paramref name="reason"/>, used as the start of error messages.</summary>
    public static string Describe(RemoteFailureReason reason) => reason switch
    {
        RemoteFailureReason.RemoteUnavailable => "the remote cannot be reached (network or server down)",
        RemoteFailureReason.RemoteNotFound => "the remote repository was not found at that URL",
        RemoteFailureReason.AuthenticationFailed => "authentication failed: the token was refused (re-enter it with 'remote set')",
        RemoteFailureReason.PermissionDenied => "permission denied: the credentials may not push to this repository",
        RemoteFailureReason.ProtectedBranch => "the branch is protected on the remote and refuses this push",
        RemoteFailureReason.FileTooLarge => "a file or the pack is too large for the remote host",
        RemoteFailureReason.QuotaExceeded => "the remote's storage quota is exhausted",
        RemoteFailureReason.RejectedByHook => "the remote rejected the push (a server-side hook declined it)",
        RemoteFailureReason.TagConflict => "a tag of the same name already exists on the remote at another commit",
        RemoteFailureReason.Diverged => "the remote kept moving ahead while merging; will retry",
        RemoteFailureReason.VerificationFailed => "the remote ref read back does not match the pushed commit",
        RemoteFailureReason.LocalBranchMoved => "the local branch moved during the push (a new snapshot); will retry",
        _ => "git failed for an unrecognised reason",
    };
}

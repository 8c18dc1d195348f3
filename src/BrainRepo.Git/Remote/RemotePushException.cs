namespace BrainRepo.Git.Remote;

/// <summary>
/// A push or another remote operation failed. The message names the cause and is scrubbed of credentials.
/// The local commits are untouched and stay pending.
/// </summary>
public sealed class RemotePushException : Exception
{
    public RemotePushException(RemoteFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public RemotePushException()
        : this(RemoteFailureReason.Unknown, "The push failed.")
    {
    }

    public RemotePushException(string message)
        : this(RemoteFailureReason.Unknown, message)
    {
    }

    public RemotePushException(string message, Exception innerException)
        : this(RemoteFailureReason.Unknown, message, innerException)
    {
    }

    /// <summary>Why it failed.</summary>
    public RemoteFailureReason Reason { get; }

    /// <summary>True when retrying later may succeed without anyone changing anything.</summary>
    public bool IsTransient => Reason is RemoteFailureReason.Unknown
        or RemoteFailureReason.RemoteUnavailable
        or RemoteFailureReason.Diverged
        or RemoteFailureReason.VerificationFailed
        or RemoteFailureReason.LocalBranchMoved;

    /// <summary>A stable code for the CLI and the API, for example <c>remote.auth-failed</c>.</summary>
    public string ErrorCode => Reason switch
    {
        RemoteFailureReason.RemoteUnavailable => "remote.unavailable",
        RemoteFailureReason.RemoteNotFound => "remote.not-found",
        RemoteFailureReason.AuthenticationFailed => "remote.auth-failed",
        RemoteFailureReason.PermissionDenied => "remote.permission-denied",
        RemoteFailureReason.ProtectedBranch => "remote.protected-branch",
        RemoteFailureReason.FileTooLarge => "remote.file-too-large",
        RemoteFailureReason.QuotaExceeded => "remote.quota-exceeded",
        RemoteFailureReason.RejectedByHook => "remote.rejected-by-hook",
        RemoteFailureReason.TagConflict => "remote.tag-conflict",
        RemoteFailureReason.Diverged => "remote.diverged",
        RemoteFailureReason.VerificationFailed => "remote.verification-failed",
        RemoteFailureReason.LocalBranchMoved => "remote.local-branch-moved",
        _ => "remote.unknown",
    };
}

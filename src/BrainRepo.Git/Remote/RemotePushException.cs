using BrainRepo.Core.Errors;

namespace BrainRepo.Git.Remote;

/// <summary>
/// A push or another remote operation failed. The message names the cause and is scrubbed of credentials.
/// The local commits are untouched and stay pending. Each <see cref="Reason"/> has its own code: a transient
/// reason a <c>BR3xxx</c> code, a refusal that needs someone to change something a <c>BR1xxx</c> code.
/// </summary>
public sealed class RemotePushException : BrainRepoException
{
    public RemotePushException(RemoteFailureReason reason, string message, Exception? innerException = null)
        : base(CodeOf(reason), message, IsTransientReason(reason), innerException)
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

    /// <summary>The stable code of a reason, for example <see cref="ErrorCodes.RemoteAuthenticationFailed"/>.</summary>
    public static string CodeOf(RemoteFailureReason reason) => reason switch
    {
        RemoteFailureReason.RemoteUnavailable => ErrorCodes.RemoteUnavailable,
        RemoteFailureReason.RemoteNotFound => ErrorCodes.RemoteNotFound,
        RemoteFailureReason.AuthenticationFailed => ErrorCodes.RemoteAuthenticationFailed,
        RemoteFailureReason.PermissionDenied => ErrorCodes.RemotePermissionDenied,
        RemoteFailureReason.ProtectedBranch => ErrorCodes.RemoteProtectedBranch,
        RemoteFailureReason.FileTooLarge => ErrorCodes.RemoteFileTooLarge,
        RemoteFailureReason.QuotaExceeded => ErrorCodes.RemoteQuotaExceeded,
        RemoteFailureReason.RejectedByHook => ErrorCodes.RemoteRejectedByHook,
        RemoteFailureReason.TagConflict => ErrorCodes.RemoteTagConflict,
        RemoteFailureReason.Diverged => ErrorCodes.RemoteDiverged,
        RemoteFailureReason.VerificationFailed => ErrorCodes.RemoteVerificationFailed,
        RemoteFailureReason.LocalBranchMoved => ErrorCodes.RemoteLocalBranchMoved,
        _ => ErrorCodes.RemoteUnknown,
    };

    /// <summary>True when retrying later may succeed without anyone changing anything.</summary>
    private static bool IsTransientReason(RemoteFailureReason reason) => reason is RemoteFailureReason.Unknown
        or RemoteFailureReason.RemoteUnavailable
        or RemoteFailureReason.Diverged
        or RemoteFailureReason.VerificationFailed
        or RemoteFailureReason.LocalBranchMoved;
}

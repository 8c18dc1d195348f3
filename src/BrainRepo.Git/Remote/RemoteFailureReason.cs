namespace BrainRepo.Git.Remote;

/// <summary>Why a push (or another remote operation) failed.</summary>
public enum RemoteFailureReason
{
    /// <summary>Not recognised; treated as transient.</summary>
    Unknown,

    /// <summary>The remote cannot be reached (network, DNS, server error). Transient.</summary>
    RemoteUnavailable,

    /// <summary>The remote repository does not exist at that URL.</summary>
    RemoteNotFound,

    /// <summary>The token or key was refused (HTTP 401, bad credentials, no token).</summary>
    AuthenticationFailed,

    /// <summary>The credentials are valid but may not push here (HTTP 403, permission denied).</summary>
    PermissionDenied,

    /// <summary>The branch is protected on the host.</summary>
    ProtectedBranch,

    /// <summary>A file or the pack is larger than the host accepts.</summary>
    FileTooLarge,

    /// <summary>The host's storage quota is exhausted.</summary>
    QuotaExceeded,

    /// <summary>A server-side hook refused the push.</summary>
    RejectedByHook,

    /// <summary>A tag of the same name already exists on the remote at another commit.</summary>
    TagConflict,

    /// <summary>The remote kept moving ahead while we merged; we gave up after several attempts. Transient.</summary>
    Diverged,

    /// <summary>The push reported success but the remote ref read back differs. Transient.</summary>
    VerificationFailed,

    /// <summary>The local branch moved while pushing (a new snapshot); try again. Transient.</summary>
    LocalBranchMoved,
}

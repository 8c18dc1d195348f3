namespace BrainRepo.Core.Errors;

/// <summary>
/// Every stable error code, documented in docs/operations.md. Never renumber; add new ones at the end of a range.
/// The range says how the CLI ends: <c>BR1xxx</c> an error (exit 1), <c>BR2xxx</c> a usage or configuration
/// error that changed nothing (exit 2), <c>BR3xxx</c> a transient failure: retrying later may succeed without
/// anyone changing anything (exit 1).
/// </summary>
public static class ErrorCodes
{
    public const string WorkspaceMissing = "BR1001";
    public const string RepositoryCorrupt = "BR1002";
    public const string RepositoryConflict = "BR1003";
    public const string SnapshotNotFound = "BR1004";
    public const string DiskFull = "BR1005";
    public const string RestoreRefused = "BR1006";
    public const string RestoreVerifyFailed = "BR1007";
    public const string SealOpenFailed = "BR1008";
    public const string RemoteNotFound = "BR1009";
    public const string RemoteAuthenticationFailed = "BR1010";
    public const string RemotePermissionDenied = "BR1011";
    public const string RemoteProtectedBranch = "BR1012";
    public const string RemoteFileTooLarge = "BR1013";
    public const string RemoteQuotaExceeded = "BR1014";
    public const string RemoteRejectedByHook = "BR1015";
    public const string RemoteTagConflict = "BR1016";
    public const string CredentialDecryptFailed = "BR1017";
    public const string FileAccess = "BR1018";
    public const string Database = "BR1019";
    public const string GitFailed = "BR1020";
    public const string CredentialFileDamaged = "BR1021";

    /// <summary>A SQLite database of BrainRepo (state or coordination) is damaged; the message names the file and what is safe to do.</summary>
    public const string DatabaseCorrupt = "BR1022";

    /// <summary>A database's schema was written by a newer BrainRepo; nothing was changed.</summary>
    public const string DatabaseTooNew = "BR1023";

    /// <summary>Objects a snapshot needs are missing from the backup repository and cannot be re-stored from disk; see <c>brainrepo repair</c>.</summary>
    public const string RepositoryDamaged = "BR1024";

    public const string Config = "BR2001";
    public const string WorkspaceNotRegistered = "BR2002";
    public const string SealKey = "BR2003";
    public const string MasterKeyInvalid = "BR2004";
    public const string RemoteUrlInvalid = "BR2005";
    public const string TagNameInvalid = "BR2006";
    public const string PathNotInSnapshot = "BR2007";
    public const string RestoreWouldOverwrite = "BR2008";

    public const string Busy = "BR3001";
    public const string LeaseLost = "BR3002";
    public const string RemoteUnavailable = "BR3003";
    public const string RemoteDiverged = "BR3004";
    public const string RemoteVerificationFailed = "BR3005";
    public const string RemoteLocalBranchMoved = "BR3006";
    public const string RemoteUnknown = "BR3007";
}

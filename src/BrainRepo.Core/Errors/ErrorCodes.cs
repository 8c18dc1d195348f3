namespace BrainRepo.Core.Errors;

/// <summary>Stable error codes. Never renumber; add new ones at the end of a range.</summary>
public static class ErrorCodes
{
    public const string Config = "BR2001";
    public const string WorkspaceNotRegistered = "BR2002";
    public const string WorkspaceMissing = "BR1001";
    public const string RepositoryCorrupt = "BR1002";
    public const string RepositoryConflict = "BR1003";
    public const string SnapshotNotFound = "BR1004";
    public const string DiskFull = "BR1005";
    public const string RestoreRefused = "BR1006";
    public const string RestoreVerifyFailed = "BR1007";
    public const string SealOpenFailed = "BR1008";

    /// <summary>Objects a snapshot needs are missing from the backup repository and cannot be re-stored from disk; see <c>brainrepo repair</c>.</summary>
    public const string RepositoryDamaged = "BR1009";
    public const string SealKey = "BR2003";
    public const string Busy = "BR3001";
}

namespace BrainRepo.Core.Errors;

/// <summary>
/// Writing to BrainRepo's own storage failed (the backup repository, as opposed to reading a workspace file): the
/// run stops once, with <see cref="ErrorCodes.DiskFull"/> when the disk or the quota is full and
/// <see cref="ErrorCodes.FileAccess"/> for any other write error. The message names the folder and the cause.
/// </summary>
public sealed class BackupWriteException : BrainRepoException
{
    private const int ENOSPC = 28;
    private const int EDQUOT = 122;

    private BackupWriteException(string code, string message, Exception inner)
        : base(code, message, inner: inner)
    {
    }

    /// <summary>True for an error that means "no space left" (ENOSPC, or EDQUOT: the user's quota is used up).</summary>
    public static bool IsDiskFull(Exception exception) =>
        exception is IOException { HResult: ENOSPC or EDQUOT }
        || exception.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Disk quota exceeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The error for a failed write into <paramref name="folder"/>. <paramref name="consequence"/> says what the
    /// failure left behind (for example "Nothing was committed and the partial pack was removed.").
    /// </summary>
    public static BackupWriteException For(Exception exception, string folder, string consequence)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var cause = exception.Message.TrimEnd('.');
        return IsDiskFull(exception)
            ? new BackupWriteException(
                ErrorCodes.DiskFull,
                $"The disk holding '{folder}' is full ({cause}). {consequence} Fix: free space on that disk, then run again.",
                exception)
            : new BackupWriteException(
                ErrorCodes.FileAccess,
                $"Could not write to '{folder}' ({cause}). {consequence} Fix: check that disk and the folder's permissions, then run again.",
                exception);
    }
}

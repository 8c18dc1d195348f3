using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Credentials;

/// <summary>
/// The credential file (<c>credentials.json</c>) cannot be used: it is damaged (<see cref="ErrorCodes.CredentialFileDamaged"/>)
/// or cannot be read (<see cref="ErrorCodes.FileAccess"/>). The message names the file and the fix; storing the
/// token again with <c>brainrepo remote set</c> replaces a damaged file. Never carries the file's content.
/// </summary>
public sealed class CredentialFileException : BrainRepoException
{
    private CredentialFileException(string code, string message, Exception? inner)
        : base(code, message, inner: inner)
    {
    }

    /// <summary>The file is not a credential file of this version's format (torn, edited, truncated).</summary>
    public static CredentialFileException Damaged(string path, string reason, Exception? inner = null) => new(
        ErrorCodes.CredentialFileDamaged,
        $"The credential file '{path}' is damaged ({reason}): the remote's token cannot be read. Fix: store the token again with 'brainrepo remote set <url> --token-env VAR' (or --token-stdin); that replaces the damaged file, which is kept as '{Path.GetFileName(path)}{CredentialStore.DamagedSuffix}'.",
        inner);

    /// <summary>The file exists but cannot be read (permissions, an I/O error).</summary>
    public static CredentialFileException Unreadable(string path, Exception inner) => new(
        ErrorCodes.FileAccess,
        $"The credential file '{path}' cannot be read ({inner?.Message.TrimEnd('.')}): the remote's token cannot be used. Fix: make it readable by this user (mode 0600), or store the token again with 'brainrepo remote set'.",
        inner);
}

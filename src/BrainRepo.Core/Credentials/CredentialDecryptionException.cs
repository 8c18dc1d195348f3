using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Credentials;

/// <summary>
/// A stored token could not be decrypted: the master key is missing or is not the one it was stored with.
/// The stored token is never treated as empty.
/// </summary>
public sealed class CredentialDecryptionException : BrainRepoException
{
    public const string DefaultMessage = "cannot decrypt the stored token: re-enter it or restore the key";

    public CredentialDecryptionException(string? detail = null, Exception? innerException = null)
        : base(ErrorCodes.CredentialDecryptFailed, detail is null ? DefaultMessage : $"{DefaultMessage} ({detail})", inner: innerException)
    {
    }

    public CredentialDecryptionException()
        : this(null, null)
    {
    }
}

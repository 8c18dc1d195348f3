using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Sealing;

/// <summary>A sealed envelope cannot be opened: not an envelope, another key, or it fails authentication (tampered, damaged, or moved to another path).</summary>
public sealed class SealedEnvelopeException : BrainRepoException
{
    public SealedEnvelopeException(string message, string? keyId = null)
        : base(ErrorCodes.SealOpenFailed, message)
    {
        KeyId = keyId;
    }

    /// <summary>The id of the key the envelope was sealed with, when the header could be read.</summary>
    public string? KeyId { get; }
}

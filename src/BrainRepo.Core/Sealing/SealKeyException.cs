using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Sealing;

/// <summary>A seal key is missing, malformed or unusable. The message names where the key was looked for, never the key.</summary>
public sealed class SealKeyException : BrainRepoException
{
    public SealKeyException(string message)
        : base(ErrorCodes.SealKey, message)
    {
    }
}

using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Credentials;

/// <summary>The master key from the environment variable or the key file is malformed.</summary>
public sealed class InvalidMasterKeyException : BrainRepoException
{
    public InvalidMasterKeyException(string message)
        : base(ErrorCodes.MasterKeyInvalid, message)
    {
    }
}

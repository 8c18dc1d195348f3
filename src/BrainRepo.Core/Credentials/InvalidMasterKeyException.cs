namespace BrainRepo.Core.Credentials;

/// <summary>The master key from the environment variable or the key file is malformed.</summary>
public sealed class InvalidMasterKeyException : Exception
{
    public InvalidMasterKeyException(string message)
        : base(message)
    {
    }
}

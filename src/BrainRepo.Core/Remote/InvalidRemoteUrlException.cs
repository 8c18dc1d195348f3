namespace BrainRepo.Core.Remote;

/// <summary>
/// A remote URL was rejected. The message never repeats the part of the URL that could hold a credential.
/// </summary>
public sealed class InvalidRemoteUrlException : ArgumentException
{
    public InvalidRemoteUrlException(string message)
        : base(message)
    {
    }
}

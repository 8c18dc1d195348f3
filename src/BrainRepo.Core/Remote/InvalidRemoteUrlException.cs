using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Remote;

/// <summary>
/// A remote URL was rejected; nothing was changed. The message never repeats the part of the URL that could hold a credential.
/// </summary>
public sealed class InvalidRemoteUrlException : BrainRepoException
{
    public InvalidRemoteUrlException(string message)
        : base(ErrorCodes.RemoteUrlInvalid, message + " Nothing was changed.")
    {
    }
}

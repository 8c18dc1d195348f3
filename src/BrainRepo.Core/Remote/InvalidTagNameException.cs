using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Remote;

/// <summary>A tag or milestone name breaks git's reference name rules. Nothing was changed.</summary>
public sealed class InvalidTagNameException : BrainRepoException
{
    public InvalidTagNameException(string message)
        : base(ErrorCodes.TagNameInvalid, message + " Nothing was changed.")
    {
    }
}

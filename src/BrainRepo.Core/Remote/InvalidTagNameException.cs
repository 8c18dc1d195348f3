namespace BrainRepo.Core.Remote;

/// <summary>A tag or milestone name breaks git's reference name rules. Nothing was changed.</summary>
public sealed class InvalidTagNameException : ArgumentException
{
    public InvalidTagNameException(string message)
        : base(message)
    {
    }
}

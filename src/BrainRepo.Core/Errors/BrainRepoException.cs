namespace BrainRepo.Core.Errors;

/// <summary>
/// Base of every error BrainRepo shows to a user. <see cref="Code"/> is stable across versions
/// (documented in docs/operations.md) so that scripts and support can rely on it.
/// Messages never contain file contents, secrets or tokens.
/// </summary>
public class BrainRepoException : Exception
{
    public BrainRepoException(string code, string message, bool isTransient = false, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        IsTransient = isTransient;
    }

    /// <summary>A stable identifier such as <c>BR1001</c>.</summary>
    public string Code { get; }

    /// <summary>True when retrying later may succeed (a locked repository, a remote that is down).</summary>
    public bool IsTransient { get; }
}

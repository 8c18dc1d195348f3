namespace BrainRepo.Core.Credentials;

/// <summary>
/// A remote token. It hides its value from <see cref="ToString"/>, string interpolation, loggers and
/// debuggers; only <see cref="Reveal"/> gives the value, at the one place where it is handed to git.
/// </summary>
[System.Diagnostics.DebuggerDisplay("***")]
public sealed class SecretToken
{
    private readonly string _value;

    public SecretToken(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Any(char.IsControl))
        {
            throw new ArgumentException("The token contains control characters (a stray newline?).", nameof(value));
        }

        _value = value;
    }

    /// <summary>The token itself. Never log it, never put it in an argument list or a message.</summary>
    public string Reveal() => _value;

    public override string ToString() => "***";
}

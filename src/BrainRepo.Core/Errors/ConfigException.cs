namespace BrainRepo.Core.Errors;

/// <summary>A configuration or usage problem: the CLI maps it to exit code 2.</summary>
public sealed class ConfigException : BrainRepoException
{
    public ConfigException(string message, string? file = null, string? key = null)
        : base(ErrorCodes.Config, message)
    {
        File = file;
        Key = key;
    }

    public string? File { get; }

    public string? Key { get; }
}

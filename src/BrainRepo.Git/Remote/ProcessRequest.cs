namespace BrainRepo.Git.Remote;

/// <summary>One child process to start. Secrets go in <see cref="Environment"/> only, never in <see cref="Arguments"/>.</summary>
public sealed record ProcessRequest
{
    public required string FileName { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or, with a null value, removed from) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Called for each line of standard error as it arrives (split on '\r' and '\n'), for progress.</summary>
    public Action<string>? OnStandardErrorLine { get; init; }

    /// <summary>
    /// When false, cancellation is checked only before the process starts; a running process (a push)
    /// is allowed to finish.
    /// </summary>
    public bool Interruptible { get; init; } = true;
}

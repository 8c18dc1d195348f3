namespace BrainRepo.Git.Remote;

/// <summary>git's exit code and its output, already scrubbed of credentials.</summary>
internal sealed record GitOutput(int ExitCode, string StandardOutput, string StandardError);

namespace BrainRepo.Git;

/// <summary>git's exit code and its output, already scrubbed of the request's token.</summary>
public sealed record GitProcessResult(int ExitCode, string StandardOutput, string StandardError);

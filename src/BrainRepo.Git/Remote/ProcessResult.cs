namespace BrainRepo.Git.Remote;

/// <summary>The outcome of a child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

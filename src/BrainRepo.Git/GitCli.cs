namespace BrainRepo.Git;

/// <summary>
/// Synchronous shorthands over <see cref="GitProcessRunner"/> for the repair code, which works step by step on one
/// repository: same hardening, same cancel (the process tree is killed).
/// </summary>
internal static class GitCli
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string? workingDirectory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = GitProcessRunner.Default.Run(new GitProcessRequest { WorkingDirectory = workingDirectory, Arguments = args }, cancellationToken);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>Runs git with the bytes of <paramref name="inputFile"/> on its standard input (<c>git unpack-objects &lt; pack</c>); returns its exit code.</summary>
    public static int RunWithInputFile(string? workingDirectory, IReadOnlyList<string> args, string inputFile, CancellationToken cancellationToken)
    {
        using var git = GitProcessRunner.Default.StartStreaming(new GitProcessRequest { WorkingDirectory = workingDirectory, Arguments = args });
        var drain = git.StandardOutput.CopyToAsync(Stream.Null, cancellationToken);
        try
        {
            using var file = File.OpenRead(inputFile);
            file.CopyTo(git.StandardInput);
        }
        catch (IOException)
        {
            // git stopped reading (it failed, or it needs no more): its exit code tells why.
        }

        return git.CloseInputAndWait(drain, cancellationToken);
    }
}

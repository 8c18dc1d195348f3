using System.Diagnostics;
using System.Text;

namespace BrainRepo.Git;

/// <summary>
/// Runs the git CLI with an isolated configuration: no system or global config, no hooks, no
/// prompts. Arguments go through ArgumentList (never a shell), and never carry a secret.
/// </summary>
public static class GitCli
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string? workingDirectory, IReadOnlyList<string> args, CancellationToken cancellationToken, string? stdin = null) =>
        Run(workingDirectory, args, stdin is null ? null : writer => writer.Write(stdin), cancellationToken);

    /// <summary>Runs git with the bytes of <paramref name="inputFile"/> on its standard input (<c>git unpack-objects &lt; pack</c>).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWithInputFile(string? workingDirectory, IReadOnlyList<string> args, string inputFile, CancellationToken cancellationToken) =>
        Run(
            workingDirectory,
            args,
            writer =>
            {
                using var file = File.OpenRead(inputFile);
                try
                {
                    file.CopyTo(writer.BaseStream);
                }
                catch (IOException)
                {
                    // git stopped reading (it failed, or it needs no more): its exit code and output tell why.
                }
            },
            cancellationToken);

    private static (int ExitCode, string Stdout, string Stderr) Run(string? workingDirectory, IReadOnlyList<string> args, Action<StreamWriter>? writeInput, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = writeInput is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("core.hooksPath=/dev/null");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("safe.directory=*");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["LC_ALL"] = "C";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start git.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (writeInput is not null)
        {
            try
            {
                writeInput(process.StandardInput);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // git exited before reading all of its input: its exit code and output tell why.
            }
        }

        process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

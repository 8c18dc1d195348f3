using System.Diagnostics;
using System.Text;
using BrainRepo.Git.Remote;

namespace BrainRepo.Git;

public sealed partial class GitProcessRunner
{
    /// <summary>
    /// Runs git to its end and returns its exit code and output (scrubbed of the request's token).
    /// Standard input is closed at once. A cancel before the start throws without starting git; a cancel
    /// while an interruptible git runs kills its whole process tree, waits for it, and throws.
    /// </summary>
    public async Task<GitProcessResult> RunAsync(GitProcessRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        var scrubber = request.Token is null ? SecretScrubber.None : new SecretScrubber(request.Token.Reveal(), request.Username);
        using var askPass = request.Token is null ? null : AskPassSession.Create();
        using var process = Launch(request, askPass);
        process.StandardInput.Close();

        var onLine = request.OnStandardErrorLine is { } callback ? line => callback(scrubber.Scrub(line)) : (Action<string>?)null;
        var stdoutTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = ReadLinesAsync(process.StandardError, onLine);
        var waitToken = request.Interruptible ? cancellationToken : CancellationToken.None;
        try
        {
            await process.WaitForExitAsync(waitToken).ConfigureAwait(false);
            // A process git left behind (an ssh control master) may hold the pipes open: the wait stays cancellable.
            var stdout = await stdoutTask.WaitAsync(waitToken).ConfigureAwait(false);
            var stderr = await stderrTask.WaitAsync(waitToken).ConfigureAwait(false);
            return new GitProcessResult(process.ExitCode, scrubber.Scrub(stdout), scrubber.Scrub(stderr));
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            _ = stdoutTask.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            _ = stderrTask.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// <see cref="RunAsync"/> for synchronous callers (<see cref="GitBackupRepository"/>, behind the synchronous
    /// <c>IBackupRepository</c>): the same code, waited for.
    /// </summary>
    public GitProcessResult Run(GitProcessRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Starts a long-running git whose standard input and output the caller streams (<c>git cat-file --batch</c>).
    /// The caller owns the returned process; disposing it ends git.
    /// </summary>
    internal GitStreamingProcess StartStreaming(GitProcessRequest request)
    {
        Validate(request);
        if (request.Token is not null)
        {
            throw new ArgumentException("A streaming git command takes no token.", nameof(request));
        }

        return new GitStreamingProcess(Launch(request, null));
    }

    /// <summary>
    /// Kills <paramref name="process"/> and every process it started, then waits until they are gone (git
    /// itself, and on Linux its descendants as seen just before the kill; a process that ignores SIGKILL for
    /// long, in an uninterruptible wait, is waited for a few seconds only).
    /// </summary>
    internal static void KillTree(Process process)
    {
        var descendants = process.HasExited ? [] : ProcessTree.Descendants(process.Id);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
        catch (AggregateException)
        {
            // Some descendant could not be killed (it exited meanwhile); the waits below cover the rest.
        }

        process.WaitForExit();
        ProcessTree.WaitForExit(descendants);
    }

    private static void Validate(GitProcessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Arguments, nameof(request));
        if (request.Token is not null && string.IsNullOrWhiteSpace(request.Username))
        {
            throw new ArgumentException("A request with a token needs the username to send with it.", nameof(request));
        }
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onLine)
    {
        var all = new StringBuilder();
        var line = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            all.Append(buffer, 0, read);
            if (onLine is null)
            {
                continue;
            }

            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c is '\r' or '\n')
                {
                    if (line.Length > 0)
                    {
                        onLine(line.ToString());
                        line.Clear();
                    }
                }
                else
                {
                    line.Append(c);
                }
            }
        }

        if (onLine is not null && line.Length > 0)
        {
            onLine(line.ToString());
        }

        return all.ToString();
    }
}

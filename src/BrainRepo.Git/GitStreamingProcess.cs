using System.Diagnostics;
using System.Text;

namespace BrainRepo.Git;

/// <summary>
/// A long-running git started by <see cref="GitProcessRunner.StartStreaming"/>, whose standard input and
/// output the owner streams. Standard error is collected (its first 4 KiB) for error messages. Disposing
/// closes git's input and waits for it to end (killing its process tree after 5 seconds).
/// </summary>
internal sealed class GitStreamingProcess : IDisposable
{
    private const int MaxStandardError = 4096;

    private readonly Process _process;
    private readonly Task<string> _standardError;

    public GitStreamingProcess(Process process)
    {
        _process = process;
        _standardError = ReadCappedAsync(process.StandardError);
    }

    public Stream StandardInput => _process.StandardInput.BaseStream;

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>What git printed on standard error, once it has closed it (waits a second at most; empty if it has not).</summary>
    public string StandardErrorWhenEnded() =>
        _standardError.Wait(TimeSpan.FromSeconds(1)) ? _standardError.Result.Trim() : string.Empty;

    /// <summary>Closes git's standard input, waits for <paramref name="drain"/> (the reader of its output) and for git to exit; returns its exit code. A cancel kills the process tree.</summary>
    public int CloseInputAndWait(Task drain, CancellationToken cancellationToken)
    {
        try
        {
            _process.StandardInput.BaseStream.Dispose();
        }
        catch (IOException)
        {
            // git already closed its end.
        }

        try
        {
            drain.GetAwaiter().GetResult();
            _process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        return _process.ExitCode;
    }

    /// <summary>Ends git and its process tree at once (nobody reads its output any more).</summary>
    public void Kill() => GitProcessRunner.KillTree(_process);

    public void Dispose()
    {
        try
        {
            _process.StandardInput.BaseStream.Dispose();
            if (!_process.WaitForExit(5000))
            {
                Kill();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }

        _process.Dispose();
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                text.Append(buffer, 0, Math.Min(read, Math.Max(0, MaxStandardError - text.Length)));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }

        return text.ToString();
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace BrainRepo.Storage.Tests.Infrastructure;

/// <summary>A child worker process (tests/BrainRepo.Storage.Tests.Worker) that tests can SIGKILL, SIGSTOP and SIGCONT.</summary>
public sealed class WorkerProcess : IDisposable
{
    private const int SigStop = 19;
    private const int SigCont = 18;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string journal)
    {
        _process = process;
        JournalPath = journal;
    }

    /// <summary>The child's PID.</summary>
    public int Pid => _process.Id;

    /// <summary>The job journal the child appends to.</summary>
    public string JournalPath { get; }

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the worker helper with <c>--name value</c> arguments.</summary>
    public static WorkerProcess Start(string journal, IReadOnlyDictionary<string, string> arguments)
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory)!);
        var dll = Path.GetFullPath(Path.Combine(
            baseDirectory, "..", "..", "..", "..", "BrainRepo.Storage.Tests.Worker", "bin", configuration, framework, "BrainRepo.Storage.Tests.Worker.dll"));
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The worker helper is not built: {dll}");
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--journal");
        start.ArgumentList.Add(journal);
        foreach (var (name, value) in arguments)
        {
            start.ArgumentList.Add("--" + name);
            start.ArgumentList.Add(value);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker helper.");
        var worker = new WorkerProcess(process, journal);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The journal lines so far.</summary>
    public IReadOnlyList<string> Journal() =>
        File.Exists(JournalPath) ? File.ReadAllLines(JournalPath) : [];

    /// <summary>The child's console output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until a journal line matches; fails with the journal and output when it does not in time.</summary>
    public async Task<string> WaitForJournalAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            var line = Journal().FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited && Journal().FirstOrDefault(match) is null)
            {
                throw new InvalidOperationException($"The worker exited ({_process.ExitCode}) first.\n{Describe()}");
            }

            await Task.Delay(25, CancellationToken.None);
        }

        throw new TimeoutException($"No matching journal line within {timeout}.\n{Describe()}");
    }

    /// <summary>SIGKILL, then wait for the exit.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT.</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>Waits for the child to exit.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The worker did not exit within {timeout}.\n{Describe()}");
        }
    }

    /// <summary>The journal and the output, for failure messages.</summary>
    public string Describe() => $"Journal:\n{string.Join('\n', Journal())}\nOutput:\n{Output}";

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal(SigCont);
                _process.Kill();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void Signal(int signal)
    {
        if (NativeMethods.kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int kill(int pid, int sig);
    }
}

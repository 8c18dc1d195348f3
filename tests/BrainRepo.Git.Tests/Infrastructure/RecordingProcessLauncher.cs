using System.Collections.Concurrent;
using BrainRepo.Git.Remote;

namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>Wraps the real launcher and records every child process's arguments and environment.</summary>
public sealed class RecordingProcessLauncher : IProcessLauncher
{
    public ConcurrentQueue<ProcessRequest> Requests { get; } = new();

    public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return ProcessLauncher.Instance.RunAsync(request, cancellationToken);
    }
}

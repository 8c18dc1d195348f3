using System.Collections.Concurrent;

namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>
/// A real <see cref="GitProcessRunner"/> that records every git process it starts (arguments, complete
/// environment, PID), optionally as if BrainRepo had inherited <c>inherited</c> from its own parent.
/// </summary>
internal sealed class GitProcessRecorder
{
    public GitProcessRecorder(IReadOnlyDictionary<string, string?>? inherited = null, Action<GitProcessStart>? onStarted = null)
    {
        Runner = new GitProcessRunner("git", inherited, start =>
        {
            Started.Enqueue(start);
            onStarted?.Invoke(start);
        });
    }

    public GitProcessRunner Runner { get; }

    public ConcurrentQueue<GitProcessStart> Started { get; } = new();
}

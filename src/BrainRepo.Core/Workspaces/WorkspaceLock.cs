using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Workspaces;

/// <summary>
/// An exclusive per-workspace lock held by one process at a time. On Unix .NET takes it with
/// flock(2), which the kernel releases when the holder dies: a killed sync can never leave a
/// stale lock behind. A waiter polls until the holder is done, so no sync request is dropped.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    private readonly FileStream stream;

    private WorkspaceLock(FileStream stream) => this.stream = stream;

    public static WorkspaceLock? TryAcquire(string stateDirectory)
    {
        PrivateFolder.Ensure(stateDirectory);
        try
        {
            var fs = new FileStream(Path.Combine(stateDirectory, "sync.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new WorkspaceLock(fs);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits for the lock until <paramref name="timeout"/>, then throws a transient busy error.</summary>
    public static async Task<WorkspaceLock> AcquireAsync(string stateDirectory, TimeSpan timeout, TimeProvider time, Action? onWaiting, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var told = false;
        while (true)
        {
            var held = TryAcquire(stateDirectory);
            if (held is not null)
            {
                return held;
            }

            if (!told)
            {
                onWaiting?.Invoke();
                told = true;
            }

            if (time.GetElapsedTime(start) >= timeout)
            {
                throw new WorkspaceBusyException("Another BrainRepo run holds this workspace. Fix: wait for it to finish, or pass a longer --wait.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    public void Dispose() => stream.Dispose();
}

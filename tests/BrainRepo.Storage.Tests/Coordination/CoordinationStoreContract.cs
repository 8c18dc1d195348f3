using System.Collections.Concurrent;
using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;

namespace BrainRepo.Storage.Tests.Coordination;

/// <summary>
/// The coordination contract, run against every backend. Each test gets its own temp folder and its own database;
/// workspaces are named per test. Waits are bounded by generous timeouts and never assert on timing.
/// </summary>
public abstract partial class CoordinationStoreContract : IAsyncLifetime
{
    /// <summary>A generous bound for things that should happen within a TTL or two.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<IAsyncDisposable> _disposables = [];

    /// <summary>This test's temp folder.</summary>
    protected TempDirectory Temp { get; } = new();

    /// <summary>"sqlite" or "postgres", as the worker helper takes it.</summary>
    protected abstract string Backend { get; }

    /// <summary>The database argument for the worker helper (a path or a connection string).</summary>
    protected abstract string DatabaseArgument { get; }

    /// <summary>Prepares this test's database.</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Opens another store on this test's database (as another process would).</summary>
    protected abstract Task<ICoordinationStore> OpenStoreCoreAsync();

    /// <summary>Moves the database clock as <paramref name="store"/> sees it.</summary>
    protected abstract void SetClockOffset(ICoordinationStore store, TimeSpan offset);

    /// <summary>How many rows <c>schema_version</c> holds for the coordination component.</summary>
    protected abstract Task<long> CountSchemaVersionRowsAsync();

    /// <summary>Records a coordination migration numbered <paramref name="version"/> as applied, as a newer BrainRepo would.</summary>
    protected abstract Task AddSchemaVersionFromTheFutureAsync(int version);

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        Temp.Dispose();
    }

    /// <summary>Opens a store that is disposed with the test.</summary>
    protected async Task<ICoordinationStore> OpenStoreAsync()
    {
        var store = await OpenStoreCoreAsync();
        if (store is IAsyncDisposable disposable)
        {
            _disposables.Add(disposable);
        }

        return store;
    }

    /// <summary>A coordinator with its own owner identity.</summary>
    protected static SyncCoordinator NewCoordinator(
        ICoordinationStore store,
        ListLogger<SyncCoordinator>? logger = null,
        string? host = null,
        TimeSpan? ttl = null,
        TimeSpan? heartbeat = null,
        TimeProvider? time = null) =>
        new(store,
            new CoordinationOptions { LeaseTtl = ttl ?? TimeSpan.FromSeconds(30), HeartbeatInterval = heartbeat, HostName = host },
            time ?? TimeProvider.System,
            logger ?? new ListLogger<SyncCoordinator>());

    /// <summary>An owner identity for direct store calls.</summary>
    protected static OwnerIdentity Owner(string name, string host = "test-host", int pid = 1, long start = 0) =>
        new(host, pid, start, name);

    /// <summary>A workspace name unique to this test.</summary>
    protected static string NewWorkspace(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <see cref="Patience"/>.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, Func<Task<string>> describe)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!deadline.IsCancellationRequested)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25, CancellationToken.None);
        }

        Assert.Fail($"Condition not met within {Patience}: {await describe()}");
    }

    /// <summary>Arguments for the worker helper.</summary>
    protected Dictionary<string, string> WorkerArguments(params (string Name, string Value)[] extra)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["backend"] = Backend,
            ["db"] = DatabaseArgument,
        };
        foreach (var (name, value) in extra)
        {
            arguments[name] = value;
        }

        return arguments;
    }

    /// <summary>A job that records the generations it ran and succeeds.</summary>
    protected static Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> RecordingJob(ConcurrentQueue<(string Workspace, long Generation)> runs) =>
        (run, _) =>
        {
            runs.Enqueue((run.Workspace, run.Generation));
            return Task.FromResult(RunOutcome.Succeeded);
        };
}

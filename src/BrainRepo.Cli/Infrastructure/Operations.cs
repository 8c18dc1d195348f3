using BrainRepo.Core.Coordination;
using BrainRepo.Core.Operations;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>The use cases' services for one command: local storage and the coordination store, disposed together.</summary>
public sealed class Operations : IAsyncDisposable
{
    private readonly ICoordinationStore store;

    private Operations(ICoordinationStore store, OperationServices services)
    {
        this.store = store;
        Services = services;
    }

    public OperationServices Services { get; }

    public ICoordinationStore Store => store;

    /// <summary>Opens the coordination store (<paramref name="database"/>, or this host's SQLite file) and composes the services.</summary>
    public static async Task<Operations> OpenAsync(CliContext context, string? database, CancellationToken cancellationToken)
    {
        var store = await CoordinationFactory.OpenAsync(context, database, cancellationToken);
        return new Operations(store, new OperationServices
        {
            Storage = new LocalWorkspaceStorage(context.LoggerFactory, context.Time),
            Coordinator = CoordinationFactory.Coordinator(context, store),
            Time = context.Time,
            LoggerFactory = context.LoggerFactory,
            GetEnvironment = context.GetEnvironment,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

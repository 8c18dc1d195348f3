namespace BrainRepo.Cli.Infrastructure;

internal sealed class NoopAsyncDisposable : IAsyncDisposable
{
    public static readonly NoopAsyncDisposable Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

namespace BrainRepo.Core.Operations;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, in order. Unlike
/// <see cref="Progress{T}"/> it posts nothing to a synchronization context or the thread pool, so events reach the
/// host before the operation returns.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}

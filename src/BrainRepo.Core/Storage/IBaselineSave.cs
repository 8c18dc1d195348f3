namespace BrainRepo.Core.Storage;

/// <summary>
/// A save of the stat cache that was begun before the snapshot's commit id and folder trees were known
/// (<see cref="IStateStore.BeginSaveBaseline"/>). Disposing it without <see cref="Complete"/> saves nothing;
/// disposing waits for any work it started in the background.
/// </summary>
public interface IBaselineSave : IDisposable
{
    /// <summary>Saves the cache for <paramref name="commitId"/>, exactly as <see cref="IStateStore.SaveBaseline"/> would. Called at most once.</summary>
    void Complete(string commitId, IReadOnlyDictionary<string, string> trees);
}

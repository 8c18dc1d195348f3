using BrainRepo.Core.Model;

namespace BrainRepo.Core.Storage;

/// <summary>
/// A workspace's local state: the stat cache of the last snapshot and the history of runs.
/// It is a cache: if it is lost or belongs to another commit, the engine rebuilds it from the repository.
/// </summary>
public interface IStateStore : IDisposable
{
    Baseline LoadBaseline();

    /// <summary>
    /// Replaces the baseline with <paramref name="files"/> and the folder tree ids <paramref name="trees"/>
    /// for <paramref name="commitId"/>, writing only what changed.
    /// </summary>
    void SaveBaseline(string commitId, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, IReadOnlyDictionary<string, string> trees, string scanner);

    /// <summary>
    /// Begins a <see cref="SaveBaseline"/> whose commit id and folder trees are not known yet, so that a store can
    /// do the larger part of the work (encoding every file) in the background while the snapshot's trees are built.
    /// <paramref name="files"/> must not change until the save is completed or disposed.
    /// </summary>
    IBaselineSave BeginSaveBaseline(IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, string scanner) =>
        new DeferredBaselineSave(this, files, previous, scanner);

    void RecordRun(SyncRunRecord run);

    IReadOnlyList<SyncRunRecord> RecentRuns(int count);
}

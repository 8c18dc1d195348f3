using BrainRepo.Core.Snapshots;

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

    void RecordRun(SyncRunRecord run);

    IReadOnlyList<SyncRunRecord> RecentRuns(int count);
}

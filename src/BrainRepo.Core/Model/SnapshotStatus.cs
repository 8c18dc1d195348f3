namespace BrainRepo.Core.Model;

public enum SnapshotStatus
{
    /// <summary>Every file under the watch paths is stored at its current content or excluded by a rule.</summary>
    Complete,

    /// <summary>Something was carried forward, unreadable or held back: see the report.</summary>
    Incomplete,
}

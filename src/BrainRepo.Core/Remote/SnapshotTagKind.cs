namespace BrainRepo.Core.Remote;

/// <summary>The families of tags that BrainRepo writes.</summary>
public enum SnapshotTagKind
{
    /// <summary><c>snapshot/daily/YYYY-MM-DD</c> (UTC day).</summary>
    Daily,

    /// <summary><c>snapshot/weekly/YYYY-Www</c> (ISO week, UTC).</summary>
    Weekly,

    /// <summary><c>milestone/&lt;name&gt;</c>, named by the user; never pruned.</summary>
    Milestone,

    /// <summary>
    /// <c>pre-restore/yyyyMMddTHHmmssZ</c>: the safety snapshot a restore into the workspace took first, its undo point.
    /// Local: never pushed, never pruned by <c>forget</c>.
    /// </summary>
    PreRestore,
}

namespace BrainRepo.Core.Restore;

/// <summary>What a restore does to one path.</summary>
public enum RestoreActionKind
{
    /// <summary>Not on disk: written.</summary>
    Create,

    /// <summary>On disk with other content, mode or kind: replaced.</summary>
    Overwrite,

    /// <summary>On disk, not in the snapshot, and deletion was asked for: removed.</summary>
    Delete,

    /// <summary>On disk exactly as in the snapshot: left alone.</summary>
    Unchanged,
}

namespace BrainRepo.Core.Restore;

/// <summary>
/// The target as the planner needs it: an lstat of every path the snapshot would write and of each of
/// its parent folders (a path absent from <see cref="Entries"/> does not exist, or lies below one that
/// does not), and, when deletion was asked for, the files the policy would back up under the restored paths.
/// </summary>
public sealed record DiskState(IReadOnlyDictionary<string, DiskEntry> Entries, IReadOnlyList<string> PresentFiles)
{
    public static DiskState Empty { get; } = new(new Dictionary<string, DiskEntry>(StringComparer.Ordinal), []);
}

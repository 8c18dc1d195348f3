namespace BrainRepo.Core.Model;

/// <summary>
/// Folder → tree id of the previous snapshot, and which folders changed since. A folder with no
/// changed file below it keeps its tree id, so building a snapshot with K changes hashes only the
/// O(K · depth) folders on the changed paths instead of every folder.
/// </summary>
public sealed class TreeCache
{
    private readonly IReadOnlyDictionary<string, string> previous;
    private readonly HashSet<string> dirty;

    public TreeCache(IReadOnlyDictionary<string, string> previous, HashSet<string> dirty)
    {
        this.previous = previous;
        this.dirty = dirty;
    }

    /// <summary>The changed folders ("" is the root, always changed).</summary>
    public IReadOnlySet<string> Changed => dirty;

    /// <summary>Every folder of the previous snapshot and its tree id (empty when unknown).</summary>
    public IReadOnlyDictionary<string, string> Previous => previous;

    /// <summary>Tree ids computed for the changed folders during this build.</summary>
    public Dictionary<string, string> Computed { get; } = new(StringComparer.Ordinal);

    /// <summary>The cached id of an unchanged folder, or null when it must be rebuilt.</summary>
    public string? Reuse(string folder) => dirty.Contains(folder) ? null : previous.GetValueOrDefault(folder);

    /// <summary>The cache for the new snapshot: unchanged folders' ids plus the newly computed ones.</summary>
    public Dictionary<string, string> Next()
    {
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (folder, id) in previous)
        {
            if (!dirty.Contains(folder))
            {
                next[folder] = id;
            }
        }

        foreach (var (folder, id) in Computed)
        {
            next[folder] = id;
        }

        return next;
    }

    /// <summary>Marks every folder above each changed path as changed ("" is the root).</summary>
    public static HashSet<string> DirtyFolders(IEnumerable<string> changedPaths)
    {
        var dirty = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var path in changedPaths)
        {
            var folder = path;
            while (folder.Length > 0)
            {
                var i = folder.LastIndexOf('/');
                folder = i < 0 ? "" : folder[..i];
                if (!dirty.Add(folder))
                {
                    break;
                }
            }
        }

        return dirty;
    }
}

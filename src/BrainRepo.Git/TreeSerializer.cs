using BrainRepo.Core.Model;
using System.Text;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Git;

/// <summary>
/// Builds git tree objects from a flat path → file map. Entries are ordered as git orders them:
/// by name bytes, with a folder's name compared as if it ended in '/'.
/// </summary>
public static class TreeSerializer
{
    /// <summary>
    /// Writes every tree bottom-up through <paramref name="writeTree"/> (content → id) and returns the root tree id.
    /// </summary>
    public static byte[] Build(IReadOnlyDictionary<string, TrackedFile> files, Func<byte[], byte[]> writeTree, TreeCache? cache = null)
    {
        if (cache is not null && BuildChanged(files, writeTree, cache) is { } id)
        {
            return id;
        }

        var root = new Node();
        foreach (var file in files.Values)
        {
            var node = root;
            var parts = file.Path.Split('/');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!node.Children.TryGetValue(parts[i], out var child))
                {
                    child = new Node();
                    node.Children[parts[i]] = child;
                }

                node = child;
            }

            node.Files[parts[^1]] = (file.Mode, GitObjectFormat.FromHex(file.BlobId));
        }

        return Write(root, "", writeTree, cache);
    }

    /// <summary>
    /// Builds only the changed folders: one pass over the paths that allocates nothing for a file in an
    /// unchanged folder, then each changed folder from its own files and its sub-folders (unchanged ones by
    /// their cached id). Returns null, and writes nothing, unless the cache provably knows every unchanged
    /// folder the snapshot has: each unchanged folder holding a file, and each unchanged parent of a known
    /// folder, must be in it. The caller then builds every tree, which is always correct.
    /// </summary>
    internal static byte[]? BuildChanged(IReadOnlyDictionary<string, TrackedFile> files, Func<byte[], byte[]> writeTree, TreeCache cache)
    {
        if (cache.Previous is not Dictionary<string, string> previous || previous.Comparer != StringComparer.Ordinal
            || cache.Changed is not HashSet<string> changed || changed.Comparer != StringComparer.Ordinal)
        {
            return null;
        }

        var knownFolder = previous.GetAlternateLookup<ReadOnlySpan<char>>();
        var changedFolder = changed.GetAlternateLookup<ReadOnlySpan<char>>();
        var folderFiles = new Dictionary<string, List<TrackedFile>>(StringComparer.Ordinal);
        foreach (var file in files.Values)
        {
            if (!AddUnderChangedParent(file.Path, file, folderFiles))
            {
                return null; // an unchanged folder the cache does not know
            }
        }

        // Sub-folders of each changed folder: unchanged ones from the cache, changed ones from the changed set.
        var subFolders = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var folder in previous.Keys.Where(f => !changed.Contains(f)).Concat(changed))
        {
            if (folder.Length == 0)
            {
                continue;
            }

            if (!AddUnderChangedParent(folder, folder, subFolders))
            {
                return null; // an unchanged parent the cache does not know
            }
        }

        // Deepest first, so a folder's changed sub-folders are written (or found empty) before it.
        var written = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var folder in changed.OrderByDescending(f => f.Length == 0 ? 0 : f.Count(c => c == '/') + 1))
        {
            var entries = new List<(byte[] Name, bool IsTree, int Mode, byte[] Id)>();
            foreach (var file in folderFiles.GetValueOrDefault(folder) ?? [])
            {
                entries.Add((Encoding.UTF8.GetBytes(Name(file.Path)), false, file.Mode, GitObjectFormat.FromHex(file.BlobId)));
            }

            foreach (var sub in subFolders.GetValueOrDefault(folder) ?? [])
            {
                var id = changed.Contains(sub) ? written[sub] : GitObjectFormat.FromHex(previous[sub]);
                if (id is not null)
                {
                    entries.Add((Encoding.UTF8.GetBytes(Name(sub)), true, GitFileMode.Directory, id));
                }
            }

            // A changed folder left with nothing in it is not a tree (git has no empty folders); the root always is.
            written[folder] = entries.Count == 0 && folder.Length > 0 ? null : WriteEntries(folder, entries, writeTree, cache);
        }

        return written[""];

        static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

        // Files the item to its parent folder when that folder changed; false when the parent is unchanged but
        // unknown to the cache (the caller then falls back to a full build).
        bool AddUnderChangedParent<T>(string path, T item, Dictionary<string, List<T>> byParent)
        {
            var slash = path.LastIndexOf('/');
            var parent = slash < 0 ? ReadOnlySpan<char>.Empty : path.AsSpan(0, slash);
            if (changedFolder.TryGetValue(parent, out var changedParent))
            {
                if (!byParent.TryGetValue(changedParent, out var list))
                {
                    byParent[changedParent] = list = [];
                }

                list.Add(item);
                return true;
            }

            return knownFolder.ContainsKey(parent);
        }
    }

    private static byte[] Write(Node node, string folder, Func<byte[], byte[]> writeTree, TreeCache? cache)
    {
        if (cache?.Reuse(folder) is { } cached)
        {
            return GitObjectFormat.FromHex(cached);
        }

        var entries = new List<(byte[] Name, bool IsTree, int Mode, byte[] Id)>(node.Files.Count + node.Children.Count);
        foreach (var (name, (mode, id)) in node.Files)
        {
            entries.Add((Encoding.UTF8.GetBytes(name), false, mode, id));
        }

        foreach (var (name, child) in node.Children)
        {
            entries.Add((Encoding.UTF8.GetBytes(name), true, GitFileMode.Directory, Write(child, folder.Length == 0 ? name : folder + "/" + name, writeTree, cache)));
        }

        return WriteEntries(folder, entries, writeTree, cache);
    }

    private static byte[] WriteEntries(string folder, List<(byte[] Name, bool IsTree, int Mode, byte[] Id)> entries, Func<byte[], byte[]> writeTree, TreeCache? cache)
    {
        entries.Sort((a, b) => CompareGitOrder(a.Name, a.IsTree, b.Name, b.IsTree));
        using var ms = new MemoryStream();
        foreach (var e in entries)
        {
            ms.Write(Encoding.ASCII.GetBytes(GitFileMode.ToOctal(e.Mode)));
            ms.WriteByte((byte)' ');
            ms.Write(e.Name);
            ms.WriteByte(0);
            ms.Write(e.Id);
        }

        var treeId = writeTree(ms.ToArray());
        cache?.Computed.Add(folder, GitObjectFormat.ToHex(treeId));
        return treeId;
    }

    internal static int CompareGitOrder(byte[] a, bool aIsTree, byte[] b, bool bIsTree)
    {
        var n = Math.Min(a.Length, b.Length);
        var c = a.AsSpan(0, n).SequenceCompareTo(b.AsSpan(0, n));
        if (c != 0)
        {
            return c;
        }

        int ca = a.Length > n ? a[n] : aIsTree ? '/' : 0;
        int cb = b.Length > n ? b[n] : bIsTree ? '/' : 0;
        return ca.CompareTo(cb);
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (int Mode, byte[] Id)> Files { get; } = new(StringComparer.Ordinal);
    }
}

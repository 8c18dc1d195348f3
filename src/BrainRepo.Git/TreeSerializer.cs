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

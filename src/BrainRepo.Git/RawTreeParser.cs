using BrainRepo.Core.Model;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Git;

/// <summary>Parses a tree object's bytes ("&lt;octal mode&gt; &lt;name&gt;\0&lt;20-byte id&gt;" repeated) without judging the names.</summary>
internal static class RawTreeParser
{
    public static List<RawTreeEntry> Parse(string treeId, ReadOnlySpan<byte> data)
    {
        var entries = new List<RawTreeEntry>();
        var i = 0;
        while (i < data.Length)
        {
            var space = data[i..].IndexOf((byte)' ');
            if (space <= 0 || space > 7)
            {
                throw Malformed(treeId, "a mode is missing or too long");
            }

            var mode = 0;
            foreach (var c in data.Slice(i, space))
            {
                if (c is < (byte)'0' or > (byte)'7')
                {
                    throw Malformed(treeId, "a mode is not octal");
                }

                mode = (mode * 8) + (c - '0');
            }

            i += space + 1;
            var nul = data[i..].IndexOf((byte)0);
            if (nul < 0 || i + nul + 1 + GitObjectFormat.IdLength > data.Length)
            {
                throw Malformed(treeId, "an entry is truncated");
            }

            var name = data.Slice(i, nul).ToArray();
            i += nul + 1;
            var id = GitObjectFormat.ToHex(data.Slice(i, GitObjectFormat.IdLength));
            i += GitObjectFormat.IdLength;
            entries.Add(new RawTreeEntry(name, mode, id));
        }

        return entries;
    }

    private static BrainRepoException Malformed(string treeId, string why) =>
        new(ErrorCodes.RepositoryCorrupt, $"Tree {treeId} in the backup repository is malformed: {why}.");
}

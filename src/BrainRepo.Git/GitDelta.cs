using BrainRepo.Core.Errors;

namespace BrainRepo.Git;

/// <summary>
/// Git's delta format (gitformat-pack, "Deltified representation"): the base's size and the result's
/// size as varints, then instructions that copy a range of the base or insert literal bytes. The delta
/// is untrusted: every range is checked against the base and the declared result.
/// </summary>
internal static class GitDelta
{
    /// <summary>The base and result sizes that a delta declares, and where its instructions start.</summary>
    public static (long BaseSize, long ResultSize, int Start) ReadSizes(ReadOnlySpan<byte> delta, string pack)
    {
        var i = 0;
        var baseSize = ReadVarint(delta, ref i, pack);
        var resultSize = ReadVarint(delta, ref i, pack);
        return (baseSize, resultSize, i);
    }

    /// <summary>Applies <paramref name="delta"/> to <paramref name="source"/>, filling exactly <paramref name="result"/> (sized from <see cref="ReadSizes"/>).</summary>
    public static void Apply(ReadOnlySpan<byte> source, ReadOnlySpan<byte> delta, Span<byte> result, string pack)
    {
        var (baseSize, resultSize, i) = ReadSizes(delta, pack);
        if (baseSize != source.Length || resultSize != result.Length)
        {
            throw Corrupt(pack, $"it is for a base of {baseSize} bytes and a result of {resultSize}, but the base has {source.Length}");
        }

        var written = 0;
        while (i < delta.Length)
        {
            int op = delta[i++];
            if ((op & 0x80) != 0)
            {
                long offset = 0;
                long length = 0;
                for (var bit = 0; bit < 4; bit++)
                {
                    if ((op & (1 << bit)) != 0)
                    {
                        offset |= (long)Byte(delta, ref i, pack) << (8 * bit);
                    }
                }

                for (var bit = 0; bit < 3; bit++)
                {
                    if ((op & (0x10 << bit)) != 0)
                    {
                        length |= (long)Byte(delta, ref i, pack) << (8 * bit);
                    }
                }

                if (length == 0)
                {
                    length = 0x10000;
                }

                if (offset + length > source.Length || written + length > result.Length)
                {
                    throw Corrupt(pack, "a copy reaches past the base or the result");
                }

                source.Slice((int)offset, (int)length).CopyTo(result[written..]);
                written += (int)length;
            }
            else if (op != 0)
            {
                if (i + op > delta.Length || written + op > result.Length)
                {
                    throw Corrupt(pack, "an insert reaches past the delta or the result");
                }

                delta.Slice(i, op).CopyTo(result[written..]);
                i += op;
                written += op;
            }
            else
            {
                throw Corrupt(pack, "it holds the reserved instruction 0");
            }
        }

        if (written != result.Length)
        {
            throw Corrupt(pack, $"it produces {written} bytes where it declares {result.Length}");
        }
    }

    private static long ReadVarint(ReadOnlySpan<byte> delta, ref int i, string pack)
    {
        long value = 0;
        var shift = 0;
        int b;
        do
        {
            b = Byte(delta, ref i, pack);
            if (shift > 56)
            {
                throw Corrupt(pack, "a size does not fit in 64 bits");
            }

            value |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    private static byte Byte(ReadOnlySpan<byte> delta, ref int i, string pack) =>
        i < delta.Length ? delta[i++] : throw Corrupt(pack, "it is truncated");

    private static BrainRepoException Corrupt(string pack, string what) =>
        new(ErrorCodes.RepositoryCorrupt, $"A delta in the backup repository's pack {pack} is corrupt: {what}.");
}

using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// The text that findings are placed in (line, column, byte offset, allow marker, fingerprinted bytes): decoded chars,
/// or, for 8-bit text scanned in windows, the content's own bytes, which are the same Latin-1 chars one to one.
/// </summary>
internal readonly ref struct ScannedText
{
    private static readonly byte[] AllowMarkerBytes = Encoding.ASCII.GetBytes(SecretScanner.AllowMarker);

    private readonly ReadOnlySpan<char> _chars;
    private readonly ReadOnlySpan<byte> _latin1;
    private readonly DecodedText? _decoded;
    private readonly int _prefix;
    private readonly bool _utf16Text;

    private ScannedText(ReadOnlySpan<char> chars, ReadOnlySpan<byte> latin1, DecodedText? decoded, int prefix, bool utf16Text)
    {
        _chars = chars;
        _latin1 = latin1;
        _decoded = decoded;
        _prefix = prefix;
        _utf16Text = utf16Text;
    }

    /// <summary>Decoded content; <paramref name="utf16Text"/>: the caller's own string, reported in chars and hashed as UTF-8.</summary>
    public static ScannedText Of(DecodedText decoded, bool utf16Text) => new(decoded.Text, default, decoded, decoded.Prefix, utf16Text);

    /// <summary>8-bit content after its <paramref name="prefix"/> (a UTF-8 byte order mark), char i being byte i.</summary>
    public static ScannedText OfLatin1(ReadOnlySpan<byte> body, int prefix) => new(default, body, null, prefix, utf16Text: false);

    private bool IsBytes => _decoded is null;

    /// <summary>Line breaks in <c>[start, end)</c>.</summary>
    public int CountLineBreaks(int start, int end) =>
        IsBytes ? _latin1[start..end].Count((byte)'\n') : _chars[start..end].Count('\n');

    /// <summary>The last line break in <c>[start, end)</c>, or -1.</summary>
    public int LastLineBreak(int start, int end)
    {
        var rel = IsBytes ? _latin1[start..end].LastIndexOf((byte)'\n') : _chars[start..end].LastIndexOf('\n');
        return rel < 0 ? -1 : start + rel;
    }

    /// <summary>Whether the line holding <paramref name="index"/> carries <see cref="SecretScanner.AllowMarker"/> (any case).</summary>
    public bool LineHasAllowMarker(int index)
    {
        if (!IsBytes)
        {
            return LineOf(_chars, index, '\n').Contains(SecretScanner.AllowMarker, StringComparison.OrdinalIgnoreCase);
        }

        // The marker is ASCII, and no Latin-1 char outside ASCII folds to an ASCII letter, so an ASCII
        // case-insensitive byte search finds exactly what the char search finds in the decoded text.
        var line = LineOf(_latin1, index, (byte)'\n');
        var marker = AllowMarkerBytes.AsSpan();
        var at = 0;
        while (line.Length - at >= marker.Length)
        {
            var rel = line[at..].IndexOfAny(marker[0], (byte)(marker[0] ^ 0x20));
            if (rel < 0 || line.Length - at - rel < marker.Length)
            {
                return false;
            }

            at += rel;
            if (Ascii.EqualsIgnoreCase(line.Slice(at, marker.Length), marker))
            {
                return true;
            }

            at++;
        }

        return false;
    }

    /// <summary>The secret's bytes for its fingerprint: the UTF-8 of the caller's string, else the content's own bytes.</summary>
    public byte[] SecretBytes(int start, int length)
    {
        if (IsBytes)
        {
            return _latin1.Slice(start, length).ToArray();
        }

        return _utf16Text ? Encoding.UTF8.GetBytes(_decoded!.Text, start, length) : _decoded!.SecretBytes(start, length);
    }

    /// <summary>Where char <paramref name="index"/> starts in the content (in chars for the caller's own string).</summary>
    public int ToOffset(int index) => _utf16Text ? index : IsBytes ? _prefix + index : _decoded!.ToByteOffset(index);

    /// <summary>The length of <paramref name="chars"/> chars in the content's units.</summary>
    public int ToLength(int chars) => _utf16Text || IsBytes ? chars : chars * _decoded!.BytesPerChar;

    private static ReadOnlySpan<T> LineOf<T>(ReadOnlySpan<T> text, int index, T lineBreak)
        where T : IEquatable<T>
    {
        var start = index <= 0 ? 0 : text[..index].LastIndexOf(lineBreak) + 1;
        var end = text[index..].IndexOf(lineBreak);
        return text[start..(end < 0 ? text.Length : index + end)];
    }
}

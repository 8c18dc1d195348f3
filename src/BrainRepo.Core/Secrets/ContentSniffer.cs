using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>Detects text encodings and archives by content: magic numbers, BOMs and a NUL-byte sniff.</summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes are inspected for NUL bytes (the same window git uses).</summary>
    public const int SniffLength = 8000;

    /// <summary>Classifies content.</summary>
    public static ContentKind Detect(ReadOnlySpan<byte> content)
    {
        if (Sealing.SealedEnvelope.IsEnvelope(content))
        {
            return ContentKind.Binary; // BrainRepo's own ciphertext: never scanned, never flagged
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return ContentKind.Utf8Bom;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return ContentKind.Utf16LittleEndian;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return ContentKind.Utf16BigEndian;
        }

        if (IsZip(content))
        {
            return ContentKind.Zip;
        }

        if (content.Length >= 3 && content[0] == 0x1F && content[1] == 0x8B && content[2] == 0x08)
        {
            return ContentKind.Gzip;
        }

        if (IsTar(content))
        {
            return ContentKind.Tar;
        }

        var sample = content[..Math.Min(content.Length, SniffLength)];
        if (!sample.Contains((byte)0))
        {
            return ContentKind.Text8Bit;
        }

        return DetectBomlessUtf16(sample);
    }

    /// <summary>True for the text kinds.</summary>
    public static bool IsText(ContentKind kind) => kind is ContentKind.Text8Bit or ContentKind.Utf8Bom
        or ContentKind.Utf16LittleEndian or ContentKind.Utf16BigEndian;

    /// <summary>
    /// Decodes text so that every char maps back to a byte offset: 8-bit text is decoded as Latin-1
    /// (one char per byte, so offsets are byte offsets); UTF-16 is decoded as UTF-16 (two bytes per char).
    /// </summary>
    internal static DecodedText Decode(ReadOnlySpan<byte> content, ContentKind kind) => kind switch
    {
        ContentKind.Text8Bit => new DecodedText(Encoding.Latin1.GetString(content), 0, 1, kind),
        ContentKind.Utf8Bom => new DecodedText(Encoding.Latin1.GetString(content[3..]), 3, 1, kind),
        ContentKind.Utf16LittleEndian => DecodeUtf16(content, Encoding.Unicode, kind),
        ContentKind.Utf16BigEndian => DecodeUtf16(content, Encoding.BigEndianUnicode, kind),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a text kind."),
    };

    private static DecodedText DecodeUtf16(ReadOnlySpan<byte> content, Encoding encoding, ContentKind kind)
    {
        var bom = content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)) ? 2 : 0;
        var body = content[bom..];
        body = body[..(body.Length & ~1)];
        return new DecodedText(encoding.GetString(body), bom, 2, kind);
    }

    private static bool IsZip(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == (byte)'P' && content[1] == (byte)'K'
        && ((content[2] == 3 && content[3] == 4) || (content[2] == 5 && content[3] == 6) || (content[2] == 7 && content[3] == 8));

    private static bool IsTar(ReadOnlySpan<byte> content)
    {
        if (content.Length < 512)
        {
            return false;
        }

        var header = content[..512];
        if (header[257..262].SequenceEqual("ustar"u8))
        {
            return true;
        }

        // v7 tar has no magic: accept a header whose checksum field matches.
        var field = header.Slice(148, 8);
        long stored = 0;
        var digits = 0;
        foreach (var b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                stored = (stored * 8) + (b - '0');
                digits++;
            }
            else if (b is (byte)' ' or 0)
            {
                if (digits > 0)
                {
                    break;
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || header[0] == 0)
        {
            return false;
        }

        long sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        }

        return sum == stored;
    }

    private static ContentKind DetectBomlessUtf16(ReadOnlySpan<byte> sample)
    {
        var pairs = sample.Length / 2;
        if (pairs < 2)
        {
            return ContentKind.Binary;
        }

        int evenZero = 0, oddZero = 0;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            if (sample[i] == 0)
            {
                evenZero++;
            }

            if (sample[i + 1] == 0)
            {
                oddZero++;
            }
        }

        // Mostly-ASCII UTF-16: one byte of nearly every pair is NUL, the other almost never.
        if (oddZero >= pairs * 0.9 && evenZero <= pairs * 0.02)
        {
            return ContentKind.Utf16LittleEndian;
        }

        if (evenZero >= pairs * 0.9 && oddZero <= pairs * 0.02)
        {
            return ContentKind.Utf16BigEndian;
        }

        return ContentKind.Binary;
    }
}

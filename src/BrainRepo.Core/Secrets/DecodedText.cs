using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>Decoded text whose char index i maps to byte offset <c>Prefix + i * BytesPerChar</c> in the content.</summary>
internal sealed record DecodedText(string Text, int Prefix, int BytesPerChar, ContentKind Kind)
{
    public int ToByteOffset(int charIndex) => Prefix + (charIndex * BytesPerChar);

    /// <summary>The UTF-8 bytes of a secret, for fingerprinting (8-bit text keeps its original bytes).</summary>
    public byte[] SecretBytes(int start, int length) => BytesPerChar == 1
        ? Encoding.Latin1.GetBytes(Text, start, length)
        : Encoding.UTF8.GetBytes(Text, start, length);

    /// <summary>Encodes a replacement marker in the content's own encoding.</summary>
    public static byte[] EncodeMarker(string marker, ContentKind kind) => kind switch
    {
        ContentKind.Utf16LittleEndian => Encoding.Unicode.GetBytes(marker),
        ContentKind.Utf16BigEndian => Encoding.BigEndianUnicode.GetBytes(marker),
        _ => Encoding.ASCII.GetBytes(marker),
    };
}

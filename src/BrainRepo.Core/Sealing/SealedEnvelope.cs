using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Core.Sealing;

/// <summary>
/// The stored form of a sealed file (format 1), AES-256-GCM:
/// <code>
/// offset  size  field
///      0     8  magic 89 'B' 'R' 'S' 'E' 'A' 'L' 00
///      8     1  format version (1)
///      9     8  key id (see SealKey.Id)
///     17    12  nonce
///     29    16  GCM tag
///     45     n  ciphertext (n = length of the file)
/// </code>
/// The associated data is the 29 header bytes, then "\0path\0", then the UTF-8 workspace-relative path:
/// a header edit or an envelope copied to another path fails authentication. The nonce is synthetic:
/// HMAC-SHA256(nonce key, len(path) ‖ path ‖ plaintext), first 12 bytes. The same file at the same path
/// under the same key therefore seals to the same bytes (an unchanged file never makes a new commit),
/// while different contents get unrelated nonces (collisions are as unlikely as with random nonces).
/// </summary>
public static class SealedEnvelope
{
    public const byte Version = 1;
    public const int HeaderSize = 29;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>Bytes added to the file's length.</summary>
    public const int Overhead = HeaderSize + TagSize;

    private const int VersionOffset = 8;
    private const int KeyIdOffset = 9;
    private const int NonceOffset = 17;

    /// <summary>The first 8 bytes. The high first byte and the NUL make every text sniffer call it binary.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'B', (byte)'R', (byte)'S', (byte)'E', (byte)'A', (byte)'L', 0x00];

    /// <summary>True when <paramref name="content"/> starts like an envelope (magic and a complete header).</summary>
    public static bool IsEnvelope(ReadOnlySpan<byte> content) => content.Length >= Overhead && content.StartsWith(Magic);

    /// <summary>The id of the key an envelope was sealed with, or null when it is not an envelope.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> content) =>
        IsEnvelope(content) ? Convert.ToHexStringLower(content.Slice(KeyIdOffset, 8)) : null;

    /// <summary>The length of the file an envelope of <paramref name="envelopeLength"/> bytes opens to.</summary>
    public static long PlaintextLength(long envelopeLength) => Math.Max(0, envelopeLength - Overhead);

    /// <summary>Seals <paramref name="plaintext"/>, stored at workspace path <paramref name="path"/>, under <paramref name="key"/>.</summary>
    public static byte[] Seal(SealKey key, string path, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        var envelope = new byte[Overhead + plaintext.Length];
        var span = envelope.AsSpan();
        Magic.CopyTo(span);
        span[VersionOffset] = Version;
        key.IdBytes.CopyTo(span[KeyIdOffset..]);
        SyntheticNonce(key, path, plaintext, span.Slice(NonceOffset, NonceSize));
        var aad = AssociatedData(span[..HeaderSize], path);
        using var aes = new AesGcm(key.EncryptionKey, TagSize);
        aes.Encrypt(span.Slice(NonceOffset, NonceSize), plaintext, span[Overhead..], span.Slice(HeaderSize, TagSize), aad);
        return envelope;
    }

    /// <summary>
    /// Opens an envelope stored at <paramref name="path"/>. Throws <see cref="SealedEnvelopeException"/> when it is not an
    /// envelope, was sealed with another key, or fails authentication; no plaintext is returned unless the tag verifies.
    /// </summary>
    public static byte[] Open(SealKey key, string path, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsEnvelope(envelope))
        {
            throw new SealedEnvelopeException($"'{path}' is not a sealed envelope (damaged, or not written by BrainRepo).");
        }

        var keyId = KeyIdOf(envelope)!;
        if (envelope[VersionOffset] != Version)
        {
            throw new SealedEnvelopeException($"'{path}' is sealed in format {envelope[VersionOffset]}, which this version of BrainRepo cannot read.", keyId);
        }

        if (keyId != key.Id)
        {
            throw new SealedEnvelopeException($"'{path}' is sealed with key {keyId}, you have key {key.Id}.", keyId);
        }

        var plaintext = new byte[envelope.Length - Overhead];
        try
        {
            using var aes = new AesGcm(key.EncryptionKey, TagSize);
            aes.Decrypt(envelope.Slice(NonceOffset, NonceSize), envelope[Overhead..], envelope.Slice(HeaderSize, TagSize), plaintext, AssociatedData(envelope[..HeaderSize], path));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SealedEnvelopeException($"'{path}' fails authentication under key {keyId}: the sealed copy was altered, damaged, or moved from another path.", keyId);
        }

        return plaintext;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string path)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        var aad = new byte[header.Length + 6 + pathBytes.Length];
        header.CopyTo(aad);
        "\0path\0"u8.CopyTo(aad.AsSpan(header.Length));
        pathBytes.CopyTo(aad.AsSpan(header.Length + 6));
        return aad;
    }

    private static void SyntheticNonce(SealKey key, string path, ReadOnlySpan<byte> plaintext, Span<byte> nonce)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.NonceKey);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, pathBytes.Length);
        hmac.AppendData(length);
        hmac.AppendData(pathBytes);
        hmac.AppendData(plaintext);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        mac[..NonceSize].CopyTo(nonce);
    }
}

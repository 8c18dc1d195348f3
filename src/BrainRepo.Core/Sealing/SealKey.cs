using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Core.Sealing;

/// <summary>
/// The user's seal key: 32 random bytes. Sealed files are encrypted under keys derived from it (HKDF-SHA256),
/// so the key itself never touches a cipher directly. <see cref="Id"/> (16 hex characters) names the key in
/// envelopes and messages; it reveals nothing about the key. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class SealKey
{
    public const int Size = 32;

    private readonly byte[] encryptionKey;
    private readonly byte[] nonceKey;
    private readonly byte[] material;

    private SealKey(byte[] key)
    {
        material = key;
        encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: [], info: "brainrepo-seal/1 aes-256-gcm"u8.ToArray());
        nonceKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: [], info: "brainrepo-seal/1 synthetic-nonce"u8.ToArray());
        var idInput = Encoding.ASCII.GetBytes("brainrepo-seal-key-id/1\0").Concat(key).ToArray();
        IdBytes = SHA256.HashData(idInput).AsSpan(0, 8).ToArray();
        Id = Convert.ToHexStringLower(IdBytes);
    }

    /// <summary>The key's public name: the first 8 bytes of SHA-256("brainrepo-seal-key-id/1\0" ‖ key), in hex.</summary>
    public string Id { get; }

    internal byte[] IdBytes { get; }

    internal ReadOnlySpan<byte> EncryptionKey => encryptionKey;

    internal ReadOnlySpan<byte> NonceKey => nonceKey;

    /// <summary>A new random key.</summary>
    public static SealKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>Parses the base64 text of a key file or of <c>BRAINREPO_SEAL_KEY</c>; <paramref name="source"/> names it in the error (never the value).</summary>
    public static SealKey Parse(string text, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new SealKeyException($"{source} does not hold a seal key: expected the base64 of {Size} bytes (as printed by 'brainrepo secrets key').");
        }

        if (bytes.Length != Size)
        {
            throw new SealKeyException($"{source} does not hold a seal key: it decodes to {bytes.Length} bytes, not {Size}.");
        }

        return new SealKey(bytes);
    }

    /// <summary>The key as base64, for the key file and for 'brainrepo secrets key'. Never log it.</summary>
    public string Export() => Convert.ToBase64String(material);

    public override string ToString() => $"seal key {Id}";
}

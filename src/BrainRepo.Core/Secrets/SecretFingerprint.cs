using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>Computes finding fingerprints: the first 16 lowercase hex characters of SHA-256(rule id, NUL, UTF-8 secret).</summary>
public static class SecretFingerprint
{
    /// <summary>Number of hex characters in a fingerprint.</summary>
    public const int Length = 16;

    /// <summary>Fingerprint of a secret given as UTF-8 bytes.</summary>
    public static string Compute(string ruleId, ReadOnlySpan<byte> secretUtf8)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(ruleId));
        hash.AppendData([0]);
        hash.AppendData(secretUtf8);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..(Length / 2)]);
    }

    /// <summary>Fingerprint of a secret given as text (hashed as UTF-8).</summary>
    public static string Compute(string ruleId, ReadOnlySpan<char> secret)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(secret)];
        Encoding.UTF8.GetBytes(secret, bytes);
        try
        {
            return Compute(ruleId, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>True when <paramref name="value"/> has the shape of a fingerprint (16 lowercase hex characters).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        if (value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

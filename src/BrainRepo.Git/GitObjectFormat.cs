using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Git;

/// <summary>Git's loose-object framing and ids: SHA-1 over "&lt;type&gt; &lt;size&gt;\0" + content.</summary>
public static class GitObjectFormat
{
    public const int IdLength = 20;

    public static byte[] Header(GitObjectType type, long size) =>
        Encoding.ASCII.GetBytes($"{TypeName(type)} {size}\0");

    public static string TypeName(GitObjectType type) => type switch
    {
        GitObjectType.Commit => "commit",
        GitObjectType.Tree => "tree",
        GitObjectType.Blob => "blob",
        GitObjectType.Tag => "tag",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The raw 20-byte object id of <paramref name="content"/>.</summary>
    public static byte[] HashObject(GitObjectType type, ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Header(type, content.Length));
        sha.AppendData(content);
        return sha.GetHashAndReset();
    }

    public static string ToHex(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(id);

    public static byte[] FromHex(string hex) => Convert.FromHexString(hex);
}

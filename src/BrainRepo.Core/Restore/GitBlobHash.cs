using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Core.Restore;

/// <summary>Git blob ids (SHA-1 over "blob &lt;size&gt;\0" + content), computed without git.</summary>
public static class GitBlobHash
{
    public static string Of(ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The blob id of a file's content; the file is opened without following a symlink at its own name only if the caller lstat'ed it.</summary>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, n);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string OfLink(string linkText) => Of(Encoding.UTF8.GetBytes(linkText));
}

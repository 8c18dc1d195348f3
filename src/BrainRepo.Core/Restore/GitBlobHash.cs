using System.Buffers;
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

    /// <summary>The blob id of a file's content (the caller lstat'ed it: a regular file). Buffers are pooled: restore hashes every file it writes.</summary>
    public static string OfFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0"));
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long offset = 0;
            int n;
            while ((n = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                offset += n;
            }

            if (offset != length)
            {
                throw new IOException($"'{path}' changed size while it was hashed.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string OfLink(string linkText) => Of(Encoding.UTF8.GetBytes(linkText));
}

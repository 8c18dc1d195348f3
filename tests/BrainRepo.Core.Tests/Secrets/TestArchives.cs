using System.Formats.Tar;
using System.IO.Compression;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>Builds zip, tar and gzip archives in memory for scanner tests.</summary>
internal static class TestArchives
{
    public static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    public static byte[] Tar(params (string Name, byte[] Data)[] entries)
    {
        using var ms = new MemoryStream();
        using (var tar = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return ms.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>A gzip stream of <paramref name="bytes"/> zero bytes, written in chunks (never held whole).</summary>
    public static byte[] GzipOfZeros(long bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                gz.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
            }
        }

        return ms.ToArray();
    }
}

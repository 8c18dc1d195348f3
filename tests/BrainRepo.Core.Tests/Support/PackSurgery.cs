namespace BrainRepo.Core.Tests.Support;

/// <summary>
/// Damages a test's backup repository the way disks and careless copies do: a pack cut short, an index garbled.
/// <see cref="Isolate"/> first moves chosen objects into a pack of their own, so that a test can damage exactly them.
/// </summary>
public static class PackSurgery
{
    public enum Damage
    {
        /// <summary>The pack file cut to half its length (a full disk, an interrupted copy).</summary>
        TruncatePack,

        /// <summary>Bytes of the index's name table flipped (the pack itself is whole).</summary>
        GarbleIndex,
    }

    public static string PackDirectory(TestWorkspace ws) => Path.Combine(ws.Config.RepositoryPath, "objects", "pack");

    public static string LargestPack(TestWorkspace ws) =>
        Directory.GetFiles(PackDirectory(ws), "*.pack").OrderByDescending(p => new FileInfo(p).Length).First();

    public static void Apply(string pack, Damage damage)
    {
        if (damage == Damage.TruncatePack)
        {
            var length = new FileInfo(pack).Length;
            File.SetUnixFileMode(pack, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var file = new FileStream(pack, FileMode.Open, FileAccess.Write);
            file.SetLength(length / 2);
            return;
        }

        var index = Path.ChangeExtension(pack, ".idx");
        var bytes = File.ReadAllBytes(index);
        // The object names start after the 8-byte header and the 1 KiB fan-out table.
        for (var i = 8 + 1024; i < Math.Min(bytes.Length - 40, 8 + 1024 + 60); i++)
        {
            bytes[i] ^= 0x5a;
        }

        File.SetUnixFileMode(index, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllBytes(index, bytes);
    }

    /// <summary>
    /// Rewrites the repository's packs so that <paramref name="objectIds"/> sit alone in one pack and every other
    /// object in another (git's own pack-objects; ids and history unchanged). Returns the first pack's path.
    /// </summary>
    public static string Isolate(TestWorkspace ws, params string[] objectIds)
    {
        Check(ws.Git("repack", "-a", "-d", "-q"));
        var all = Check(ws.Git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var old = Directory.GetFiles(PackDirectory(ws), "pack-*");
        var prefix = Path.Combine(PackDirectory(ws), "pack");
        var isolated = Check(ws.GitWithInput(string.Join('\n', objectIds) + "\n", "pack-objects", "-q", prefix)).Trim();
        Check(ws.GitWithInput(string.Join('\n', all.Except(objectIds)) + "\n", "pack-objects", "-q", prefix));
        foreach (var file in old)
        {
            File.Delete(file);
        }

        return prefix + "-" + isolated + ".pack";
    }

    /// <summary>Moves a damaged pack out of the repository, as <c>brainrepo repair</c> does.</summary>
    public static void Remove(string pack)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(pack)!, Path.GetFileNameWithoutExtension(pack) + ".*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>git's own check of the whole repository: the exit code and what it said.</summary>
    public static (int Exit, string Output) Fsck(TestWorkspace ws)
    {
        var (exit, output, error) = ws.Git("fsck", "--strict", "--no-progress");
        return (exit, output + error);
    }

    public static string BlobOf(TestWorkspace ws, string path) => ws.SnapshotFiles()[path].BlobId;

    private static string Check((int Exit, string Out, string Err) result) =>
        result.Exit == 0 ? result.Out : throw new InvalidOperationException($"git failed ({result.Exit}): {result.Err}");
}

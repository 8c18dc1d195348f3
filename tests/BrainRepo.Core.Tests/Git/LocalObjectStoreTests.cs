using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Git;

/// <summary>
/// The in-process object reader answers exactly what git answers, for whole objects, both kinds of delta
/// and loose objects; and a damaged or hostile pack gives a repository error, never a wrong answer, a
/// crash or a hang.
/// </summary>
public sealed class LocalObjectStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("brainrepo-objects-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string GitDir => Path.Combine(root, "work", ".git");

    private string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(root, "work") };
        foreach (var a in (string[])["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }

    /// <summary>A history of similar files: git deltifies them when it repacks.</summary>
    private void History(int versions)
    {
        Directory.CreateDirectory(Path.Combine(root, "work"));
        Git("init", "-q", "-b", "main");
        var random = new Random(7);
        var lines = Enumerable.Range(0, 400).Select(i => $"line {i}: {random.Next()} {new string('x', random.Next(10, 60))}").ToList();
        for (var v = 0; v < versions; v++)
        {
            for (var k = 0; k < 5; k++)
            {
                lines[random.Next(lines.Count)] = $"edited in {v}: {random.Next()}";
            }

            lines.Insert(random.Next(lines.Count), $"added in {v}");
            File.WriteAllLines(Path.Combine(root, "work", "notes.md"), lines);
            File.WriteAllLines(Path.Combine(root, "work", "copy.md"), lines.AsEnumerable().Reverse());
            Directory.CreateDirectory(Path.Combine(root, "work", "dir" + (v % 3)));
            File.WriteAllText(Path.Combine(root, "work", "dir" + (v % 3), $"f{v}.txt"), $"file {v}\n" + string.Join('\n', lines.Take(50)));
            Git("add", "-A");
            Git("commit", "-q", "-m", $"v{v}");
        }
    }

    private List<(string Id, string Type, long Size)> AllObjects() =>
        Git("cat-file", "--batch-all-objects", "--batch-check")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(p => (p[0], p[1], long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private byte[] GitContent(string id, string type)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, WorkingDirectory = Path.Combine(root, "work") };
        foreach (var a in (string[])["cat-file", type, id])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        return ms.ToArray();
    }

    private static int CountEntries(string gitDir, int type)
    {
        var total = 0;
        foreach (var index in Directory.EnumerateFiles(Path.Combine(gitDir, "objects", "pack"), "*.idx"))
        {
            using var pack = GitPack.Open(index);
            var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true };
            foreach (var a in (string[])["show-index"])
            {
                psi.ArgumentList.Add(a);
            }

            psi.RedirectStandardInput = true;
            using var p = Process.Start(psi)!;
            p.StandardInput.BaseStream.Write(File.ReadAllBytes(index));
            p.StandardInput.Close();
            foreach (var line in p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var offset = long.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                total += pack.ReadEntry(offset).Type == type ? 1 : 0;
            }

            p.WaitForExit();
        }

        return total;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_object_of_a_deltified_pack_reads_exactly_as_git_reads_it(bool offsetDeltas)
    {
        History(30);
        Git("-c", $"repack.useDeltaBaseOffset={offsetDeltas.ToString().ToLowerInvariant()}", "repack", "-adfq", "--window=50", "--depth=50");
        var deltaType = offsetDeltas ? GitPack.OfsDelta : GitPack.RefDelta;
        Assert.True(CountEntries(GitDir, deltaType) > 20, "the pack holds deltas of the kind under test");

        using var store = LocalObjectStore.TryOpen(GitDir)!;
        var objects = AllObjects();
        Assert.True(objects.Count > 100);
        var buffer = new byte[16]; // reused, and grown, across reads
        foreach (var (id, type, size) in objects)
        {
            Assert.True(store.TryRead(Convert.FromHexString(id), long.MaxValue, ref buffer, out var readType, out var length), id);
            Assert.Equal(type, GitObjectFormat.TypeName(readType));
            Assert.Equal(GitContent(id, type), buffer.AsSpan(0, length).ToArray());

            Assert.True(store.TryReadHeader(Convert.FromHexString(id), out var headerType, out var headerSize));
            Assert.Equal(type, GitObjectFormat.TypeName(headerType));
            Assert.Equal(size, headerSize);
        }
    }

    [Fact]
    public void Loose_objects_and_objects_in_a_pack_written_later_are_found()
    {
        History(2);
        using var store = LocalObjectStore.TryOpen(GitDir)!;
        var buffer = Array.Empty<byte>();
        var loose = AllObjects().First(o => o.Type == "blob");
        Assert.True(store.TryRead(Convert.FromHexString(loose.Id), long.MaxValue, ref buffer, out _, out var n));
        Assert.Equal(GitContent(loose.Id, "blob"), buffer[..n]);

        // Packed after the store first looked: it maps the new pack when an id is not in the ones it knows.
        Git("repack", "-adq");
        File.WriteAllText(Path.Combine(root, "work", "late.md"), "written late");
        var late = Git("hash-object", "-w", "late.md").Trim();
        Git("add", "late.md");
        Git("commit", "-qm", "late");
        Git("repack", "-adq");
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(GitDir, "objects"), "??").SelectMany(Directory.EnumerateFiles));
        Assert.True(store.TryRead(Convert.FromHexString(late), long.MaxValue, ref buffer, out var type, out n));
        Assert.Equal(GitObjectType.Blob, type);
        Assert.Equal("written late", Encoding.UTF8.GetString(buffer, 0, n));

        // An id that is nowhere: "not here", for git to report.
        Assert.False(store.TryRead(new byte[20], long.MaxValue, ref buffer, out _, out _));
    }

    [Fact]
    public void An_object_above_the_size_limit_is_refused_before_it_is_inflated()
    {
        History(3);
        Git("repack", "-adq");
        using var store = LocalObjectStore.TryOpen(GitDir)!;
        var blob = AllObjects().Where(o => o.Type == "blob").MaxBy(o => o.Size);
        var buffer = Array.Empty<byte>();

        var error = Assert.Throws<BrainRepoException>(() => store.TryRead(Convert.FromHexString(blob.Id), blob.Size - 1, ref buffer, out _, out _));

        Assert.Equal(ErrorCodes.RepositoryCorrupt, error.Code);
        Assert.Contains($"is {blob.Size} bytes, more than the {blob.Size - 1} allowed", error.Message, StringComparison.Ordinal);
        Assert.Empty(buffer);
    }

    [Fact]
    public void A_repository_with_alternates_is_left_to_git_and_still_reads()
    {
        History(2);
        var borrower = Path.Combine(root, "borrower.git");
        Git("clone", "-q", "--bare", "--shared", GitDir, borrower);
        Assert.Null(LocalObjectStore.TryOpen(borrower));

        using var repo = GitBackupRepository.Open(borrower);
        var blob = AllObjects().First(o => o.Type == "blob");
        var buffer = Array.Empty<byte>();
        var n = repo.ReadBlob(blob.Id, long.MaxValue, ref buffer);
        Assert.Equal(GitContent(blob.Id, "blob"), buffer[..n]);
    }

    [Fact]
    public void Damaged_compressed_data_is_a_repository_error_naming_the_pack()
    {
        History(2);
        Git("repack", "-adq");
        var packPath = Directory.EnumerateFiles(Path.Combine(GitDir, "objects", "pack"), "*.pack").Single();
        var bytes = File.ReadAllBytes(packPath);
        for (var i = 40; i < bytes.Length - 40; i += 7)
        {
            bytes[i] ^= 0x5a;
        }

        File.WriteAllBytes(packPath, bytes);
        using var store = LocalObjectStore.TryOpen(GitDir)!;
        var buffer = Array.Empty<byte>();
        var failures = 0;
        foreach (var (id, _, _) in AllObjectsFromIndex(packPath))
        {
            try
            {
                store.TryRead(Convert.FromHexString(id), long.MaxValue, ref buffer, out _, out _);
            }
            catch (BrainRepoException ex)
            {
                Assert.Equal(ErrorCodes.RepositoryCorrupt, ex.Code);
                Assert.Contains(Path.GetFileName(packPath), ex.Message, StringComparison.Ordinal);
                failures++;
            }
        }

        Assert.True(failures > 0);
    }

    private static List<(string Id, long Offset, int Unused)> AllObjectsFromIndex(string packPath)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("show-index");
        using var p = Process.Start(psi)!;
        p.StandardInput.BaseStream.Write(File.ReadAllBytes(Path.ChangeExtension(packPath, ".idx")));
        p.StandardInput.Close();
        var result = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(x => (x[1], long.Parse(x[0], System.Globalization.CultureInfo.InvariantCulture), 0))
            .ToList();
        p.WaitForExit();
        return result;
    }

    [Fact]
    public void A_delta_loop_is_a_repository_error_not_a_hang()
    {
        // Two REF_DELTA entries, each the other's base.
        var a = RandomNumberGenerator.GetBytes(20);
        var b = RandomNumberGenerator.GetBytes(20);
        var delta = new byte[] { 1, 1, 0x91, 0, 1 }; // base 1 byte, result 1 byte, copy 1 byte from 0
        using var store = HandPack((a, RefDeltaEntry(b, delta)), (b, RefDeltaEntry(a, delta)));
        var buffer = Array.Empty<byte>();

        var error = Assert.Throws<BrainRepoException>(() => store.TryRead(a, long.MaxValue, ref buffer, out _, out _));
        Assert.Contains("delta chain longer than", error.Message, StringComparison.Ordinal);
        Assert.Throws<BrainRepoException>(() => store.TryReadHeader(a, out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 5, 10, 0x91, 100, 10 }, "copy reaches past the base")] // copy 10 bytes from offset 100 of a 5-byte base
    [InlineData(new byte[] { 5, 3, 0x04, 1, 2, 3, 4 }, "insert reaches past")]        // insert 4 bytes into a 3-byte result
    [InlineData(new byte[] { 5, 3, 0x00 }, "reserved instruction")]
    [InlineData(new byte[] { 9, 3, 0x91, 0, 3 }, "base of 9 bytes")]                 // declares the wrong base size
    [InlineData(new byte[] { 5, 4, 0x91, 0, 3 }, "produces 3 bytes where it declares 4")]
    public void A_hostile_delta_is_a_repository_error(byte[] delta, string expected)
    {
        var baseId = RandomNumberGenerator.GetBytes(20);
        var target = RandomNumberGenerator.GetBytes(20);
        using var store = HandPack((baseId, WholeEntry(3, "hello"u8.ToArray())), (target, RefDeltaEntry(baseId, delta)));
        var buffer = Array.Empty<byte>();

        var error = Assert.Throws<BrainRepoException>(() => store.TryRead(target, long.MaxValue, ref buffer, out _, out _));

        Assert.Equal(ErrorCodes.RepositoryCorrupt, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_hand_made_delta_reads_back()
    {
        var baseId = RandomNumberGenerator.GetBytes(20);
        var target = RandomNumberGenerator.GetBytes(20);
        // base "hello", result "hello, hello!": copy 5 from 0, insert ", ", copy 5 from 0, insert "!"
        byte[] delta = [5, 13, 0x91, 0, 5, 2, (byte)',', (byte)' ', 0x91, 0, 5, 1, (byte)'!'];
        using var store = HandPack((baseId, WholeEntry(3, "hello"u8.ToArray())), (target, RefDeltaEntry(baseId, delta)));
        var buffer = Array.Empty<byte>();

        Assert.True(store.TryRead(target, long.MaxValue, ref buffer, out var type, out var n));
        Assert.Equal(GitObjectType.Blob, type);
        Assert.Equal("hello, hello!", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.True(store.TryReadHeader(target, out _, out var size));
        Assert.Equal(13, size);

        // The declared size is checked against the limit before anything is built.
        Assert.Throws<BrainRepoException>(() => store.TryRead(target, 12, ref buffer, out _, out _));
    }

    [Fact]
    public void An_offset_delta_pointing_outside_the_pack_is_a_repository_error()
    {
        var id = RandomNumberGenerator.GetBytes(20);
        // OFS_DELTA whose base lies 1,000,000 bytes before it: before the pack's start.
        byte[] header = [(6 << 4) | 5, 0xbc, 0x84, 0x3f];
        using var store = HandPack((id, [.. header, .. Zlib([5, 5, 0x91, 0, 5])]));
        var buffer = Array.Empty<byte>();

        var error = Assert.Throws<BrainRepoException>(() => store.TryRead(id, long.MaxValue, ref buffer, out _, out _));
        Assert.Contains("names a base outside the pack", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_index_leaves_the_pack_to_git()
    {
        History(2);
        Git("repack", "-adq");
        var index = Directory.EnumerateFiles(Path.Combine(GitDir, "objects", "pack"), "*.idx").Single();
        var blob = AllObjects().First(o => o.Type == "blob");
        File.WriteAllBytes(index, File.ReadAllBytes(index)[..1100]);

        using var store = LocalObjectStore.TryOpen(GitDir)!;
        var buffer = Array.Empty<byte>();
        Assert.False(store.TryRead(Convert.FromHexString(blob.Id), long.MaxValue, ref buffer, out _, out _));
    }

    [Fact]
    public void A_tiny_blob_behind_a_huge_base_is_left_to_git_instead_of_built()
    {
        // A 1-byte blob whose delta base is 4 MiB: valid, but a worker would build 4 MiB for one byte (and
        // a chain of such could make every tiny file cost gigabytes). The reader declines; git answers.
        var baseId = RandomNumberGenerator.GetBytes(20);
        var target = RandomNumberGenerator.GetBytes(20);
        byte[] delta = [0x80, 0x80, 0x80, 0x02, 1, 0x91, 0, 1]; // base 4 MiB (varint), result 1 byte, copy 1 byte from 0
        using var store = HandPack((baseId, WholeEntry(3, new byte[4 << 20])), (target, RefDeltaEntry(baseId, delta)));
        var buffer = Array.Empty<byte>();

        Assert.False(store.TryRead(target, long.MaxValue, ref buffer, out _, out _));
        Assert.True(store.TryReadHeader(target, out _, out var size));
        Assert.Equal(1, size);

        // The same shape with a base the result may reasonably come from is read.
        var smallBase = RandomNumberGenerator.GetBytes(20);
        var other = RandomNumberGenerator.GetBytes(20);
        using var fine = HandPack((smallBase, WholeEntry(3, new byte[4096])), (other, RefDeltaEntry(smallBase, [0x80, 0x20, 1, 0x91, 0, 1])));
        Assert.True(fine.TryRead(other, long.MaxValue, ref buffer, out _, out var n));
        Assert.Equal(1, n);
    }

    [Fact]
    public void Valid_but_padded_compressed_data_is_still_read()
    {
        // zlib header, 40 empty stored blocks, then a final stored block holding "hi", then the checksum:
        // valid (git reads it), and longer than compressed data of two bytes normally is.
        var deflate = new List<byte> { 0x78, 0x01 };
        for (var i = 0; i < 40; i++)
        {
            deflate.AddRange([0x00, 0x00, 0x00, 0xff, 0xff]);
        }

        deflate.AddRange([0x01, 0x02, 0x00, 0xfd, 0xff, (byte)'h', (byte)'i']);
        var adler = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, (uint)((((1 + 'h' + ('h' + 'i' + 1)) % 65521) << 16) | ((1 + 'h' + 'i') % 65521)));
        deflate.AddRange(adler);
        var id = RandomNumberGenerator.GetBytes(20);
        using var store = HandPack((id, [.. EntryHeader(3, 2), .. deflate]));
        var buffer = Array.Empty<byte>();

        Assert.True(store.TryRead(id, long.MaxValue, ref buffer, out var type, out var n));
        Assert.Equal(GitObjectType.Blob, type);
        Assert.Equal("hi", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Fact]
    public void A_loose_object_that_is_not_a_file_is_a_repository_error()
    {
        History(1);
        var id = new string('a', 40);
        Directory.CreateDirectory(Path.Combine(GitDir, "objects", id[..2], id[2..])); // a folder where the object should be
        using var store = LocalObjectStore.TryOpen(GitDir)!;
        var buffer = Array.Empty<byte>();

        var error = Assert.Throws<BrainRepoException>(() => store.TryRead(Convert.FromHexString(id), long.MaxValue, ref buffer, out _, out _));
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_dispose_a_read_is_refused_not_a_crash()
    {
        History(1);
        Git("repack", "-adq");
        var store = LocalObjectStore.TryOpen(GitDir)!;
        var blob = Convert.FromHexString(AllObjects().First(o => o.Type == "blob").Id);
        var buffer = Array.Empty<byte>();
        Assert.True(store.TryRead(blob, long.MaxValue, ref buffer, out _, out _));

        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.TryRead(blob, long.MaxValue, ref buffer, out _, out _));
    }

    [Fact]
    public void A_commit_whose_content_does_not_match_its_id_is_refused()
    {
        History(1);
        var head = Git("rev-parse", "HEAD").Trim();
        var content = GitContent(head, "commit");
        const string wrong = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";
        var path = Path.Combine(GitDir, "objects", wrong[..2], wrong[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Zlib([.. Encoding.ASCII.GetBytes($"commit {content.Length}\0"), .. content]));
        using var repo = GitBackupRepository.Open(GitDir);

        Assert.NotEmpty(repo.RootTree(head, CancellationToken.None));
        var error = Assert.Throws<BrainRepoException>(() => repo.RootTree(wrong, CancellationToken.None));
        Assert.Contains("hashes to " + head, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Zlib(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    private static byte[] EntryHeader(int type, long size)
    {
        var bytes = new List<byte>();
        var b = (byte)((type << 4) | (int)(size & 0x0f));
        size >>= 4;
        while (size > 0)
        {
            bytes.Add((byte)(b | 0x80));
            b = (byte)(size & 0x7f);
            size >>= 7;
        }

        bytes.Add(b);
        return [.. bytes];
    }

    private static byte[] WholeEntry(int type, byte[] content) => [.. EntryHeader(type, content.Length), .. Zlib(content)];

    private static byte[] RefDeltaEntry(byte[] baseId, byte[] delta) => [.. EntryHeader(7, delta.Length), .. baseId, .. Zlib(delta)];

    /// <summary>A pack and a version-2 index built by hand (git index-pack would refuse the hostile ones).</summary>
    private LocalObjectStore HandPack(params (byte[] Id, byte[] Entry)[] entries)
    {
        var git = Path.Combine(root, "hand.git");
        var packDir = Path.Combine(git, "objects", "pack");
        Directory.CreateDirectory(packDir);
        using var pack = new MemoryStream();
        pack.Write("PACK"u8);
        pack.Write([0, 0, 0, 2]);
        var count = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, (uint)entries.Length);
        pack.Write(count);
        var offsets = new List<(byte[] Id, long Offset)>();
        foreach (var (id, entry) in entries)
        {
            offsets.Add((id, pack.Position));
            pack.Write(entry);
        }

        pack.Write(SHA1.HashData(pack.ToArray()));
        File.WriteAllBytes(Path.Combine(packDir, "pack-hand.pack"), pack.ToArray());

        var sorted = offsets.OrderBy(o => Convert.ToHexString(o.Id), StringComparer.Ordinal).ToList();
        using var idx = new MemoryStream();
        idx.Write([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]);
        var word = new byte[4];
        for (var i = 0; i < 256; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)sorted.Count(o => o.Id[0] <= i));
            idx.Write(word);
        }

        sorted.ForEach(o => idx.Write(o.Id));
        sorted.ForEach(_ => idx.Write(new byte[4]));
        foreach (var (_, offset) in sorted)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)offset);
            idx.Write(word);
        }

        idx.Write(pack.ToArray().AsSpan(pack.ToArray().Length - 20)); // the pack's checksum, as its trailer holds it
        idx.Write(SHA1.HashData(idx.ToArray()));
        File.WriteAllBytes(Path.Combine(packDir, "pack-hand.idx"), idx.ToArray());
        return LocalObjectStore.TryOpen(git)!;
    }
}

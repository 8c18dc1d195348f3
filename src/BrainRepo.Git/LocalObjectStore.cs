using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using BrainRepo.Core.Errors;

namespace BrainRepo.Git;

/// <summary>
/// Reads objects of a backup repository in process, from its packs (<see cref="GitPack"/>, deltas
/// resolved) and loose objects, so restore and verify can read on every core at once instead of through
/// one <c>git cat-file</c> pipe. Thread-safe. It answers "not here" (false) for anything it does not
/// handle, and the caller asks git: an object in an alternate object store, in a pack it cannot map,
/// or behind a delta base larger than it will hold in memory. Content is not hashed here; callers
/// verify it against its id. A pack that fails <see cref="GitPack"/>'s checks (a garbled index, a truncated
/// pack) is damaged: none of its objects counts as present (<see cref="Contains"/>, <see cref="DamagedPacks"/>).
/// </summary>
internal sealed class LocalObjectStore : IDisposable
{
    /// <summary>Git itself never writes chains deeper than 4,095 (<c>pack.depth</c>); a longer one is damage or a loop.</summary>
    private const int MaxDeltaDepth = 10_000;

    private const long MaxIntermediate = 1L << 30;
    private const long CacheBytes = 32L << 20;
    private const int CacheEntryBytes = 8 << 20;

    private readonly string objectsDirectory;
    private readonly object refreshGate = new();
    private readonly ConcurrentDictionary<(GitPack Pack, long Offset), (GitObjectType Type, byte[] Content)> bases = new();
    private readonly HashSet<string> unsupported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> damaged = new(StringComparer.Ordinal);
    private readonly List<GitPack> open = [];
    private volatile GitPack[] packs = [];
    private long cachedBytes;
    private int activeReads;
    private volatile bool disposed;
    private long packFolderWritten; // ticks of the pack folder's mtime at the last listing

    private LocalObjectStore(string objectsDirectory)
    {
        this.objectsDirectory = objectsDirectory;
        Refresh();
    }

    /// <summary>The store of a repository, or null when it borrows objects from elsewhere (alternates), which only git resolves.</summary>
    public static LocalObjectStore? TryOpen(string repositoryPath)
    {
        var objects = Path.Combine(repositoryPath, "objects");
        var alternates = Path.Combine(objects, "info", "alternates");
        if (!Directory.Exists(objects) || (File.Exists(alternates) && new FileInfo(alternates).Length > 0))
        {
            return null;
        }

        return new LocalObjectStore(objects);
    }

    /// <summary>
    /// Reads object <paramref name="id"/> into <paramref name="buffer"/> (replaced by an array of exactly
    /// the size when it is too small). False when this store cannot answer; a repository error when the
    /// object is larger than <paramref name="maxSize"/> or its data is damaged.
    /// </summary>
    public bool TryRead(ReadOnlySpan<byte> id, long maxSize, ref byte[] buffer, out GitObjectType type, out int length)
    {
        Enter();
        try
        {
            return Read(id, maxSize, ref buffer, out type, out length);
        }
        catch (BrainRepoException ex) when (!ex.Message.Contains(Convert.ToHexStringLower(id), StringComparison.Ordinal))
        {
            // Damage found along a delta chain or in a pack names the pack; the reader also needs the object.
            throw new BrainRepoException(ex.Code, $"Object {Convert.ToHexStringLower(id)} could not be read: {ex.Message}", ex.IsTransient, ex);
        }
        finally
        {
            Interlocked.Decrement(ref activeReads);
        }
    }

    /// <summary>Counts a read in; the mappings are never unmapped while one is running (see <see cref="Dispose"/>).</summary>
    private void Enter()
    {
        Interlocked.Increment(ref activeReads);
        if (disposed)
        {
            Interlocked.Decrement(ref activeReads);
            throw new ObjectDisposedException(nameof(LocalObjectStore));
        }
    }

    private bool Read(ReadOnlySpan<byte> id, long maxSize, ref byte[] buffer, out GitObjectType type, out int length)
    {
        var (pack, offset) = Locate(id);
        if (pack is null)
        {
            return TryReadLoose(id, maxSize, ref buffer, out type, out length, quietAbove: long.MaxValue);
        }

        // The work a delta chain may cost is bounded by the size of what it produces, so that a tiny blob
        // cannot make a worker build (and keep building) huge intermediates: git deltifies only against a
        // base at most 32 times larger than the result (diff-delta.c), and a delta is smaller than its
        // result. A chain past these bounds is valid but unusual; it is left to git.
        var first = pack.ReadEntry(offset);
        var resultSize = first.Type <= 4 ? first.Size : DeltaResultSize(pack, first);
        CheckSize(id, resultSize, maxSize);
        if (first.Type <= 4)
        {
            type = (GitObjectType)first.Type;
            length = (int)first.Size;
            pack.Inflate(first.DataOffset, Fit(ref buffer, length));
            return true;
        }

        var limit = Math.Min(MaxIntermediate, Math.Max(resultSize * 32, 256L << 10));
        var budget = Math.Max(resultSize * 256, 16L << 20);
        long work = 0;
        List<(GitPack Pack, long Offset, PackEntry Entry)>? chain = null;
        byte[] source;
        GitObjectType sourceType;
        while (true)
        {
            if (chain is not null && bases.TryGetValue((pack, offset), out var cached))
            {
                (sourceType, source) = cached;
                break;
            }

            var entry = chain is null ? first : pack.ReadEntry(offset);
            if (entry.Type <= 4)
            {
                work += entry.Size;
                if (entry.Size > limit || work > budget)
                {
                    return NotHere(out type, out length);
                }

                sourceType = (GitObjectType)entry.Type;
                source = GC.AllocateUninitializedArray<byte>((int)entry.Size);
                pack.Inflate(entry.DataOffset, source);
                Remember(pack, offset, sourceType, source);
                break;
            }

            chain ??= [];
            chain.Add((pack, offset, entry));
            if (chain.Count > MaxDeltaDepth)
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {Convert.ToHexStringLower(id)} sits at the end of a delta chain longer than {MaxDeltaDepth} (damaged, or a loop).");
            }

            if (entry.Type == GitPack.OfsDelta)
            {
                offset = entry.BaseOffset;
                continue;
            }

            var (basePack, baseOffset) = Locate(entry.BaseId!);
            if (basePack is null)
            {
                byte[] loose = [];
                if (!TryReadLoose(entry.BaseId!, limit, ref loose, out sourceType, out var n, quietAbove: limit))
                {
                    return NotHere(out type, out length);
                }

                source = loose.Length == n ? loose : loose[..n];
                break;
            }

            (pack, offset) = (basePack, baseOffset);
        }

        for (var k = chain!.Count - 1; k >= 0; k--)
        {
            var (p, o, e) = chain[k];
            work += e.Size;
            if (e.Size > Math.Min((limit * 2) + 4096, Array.MaxLength) || work > budget)
            {
                return NotHere(out type, out length);
            }

            var delta = ArrayPool<byte>.Shared.Rent((int)e.Size);
            try
            {
                var instructions = delta.AsSpan(0, (int)e.Size);
                p.Inflate(e.DataOffset, instructions);
                var size = GitDelta.ReadSizes(instructions, p.Name).ResultSize;
                work += size;
                if (k == 0)
                {
                    CheckSize(id, size, maxSize);
                    GitDelta.Apply(source, instructions, Fit(ref buffer, (int)size), p.Name);
                    type = sourceType;
                    length = (int)size;
                    return true;
                }

                if (size > limit || work > budget)
                {
                    return NotHere(out type, out length);
                }

                var result = GC.AllocateUninitializedArray<byte>((int)size);
                GitDelta.Apply(source, instructions, result, p.Name);
                Remember(p, o, sourceType, result);
                source = result;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(delta);
            }
        }

        throw new InvalidOperationException("unreachable: the chain always ends at its first entry");
    }

    /// <summary>
    /// True when object <paramref name="id"/> is in the index of a pack that passed <see cref="GitPack"/>'s checks,
    /// or is a non-empty loose object file. Its content is not read: this is the cheap check a sync makes
    /// before it reuses an object id. Objects of a damaged pack count as missing.
    /// </summary>
    public bool Contains(ReadOnlySpan<byte> id)
    {
        Enter();
        try
        {
            return Present(id);
        }
        finally
        {
            Interlocked.Decrement(ref activeReads);
        }
    }

    /// <summary><see cref="Contains"/> for many hex ids at once; adds each absent (or malformed) one to <paramref name="missing"/>.</summary>
    public void FindMissing(IEnumerable<string> ids, ISet<string> missing, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            Span<byte> raw = stackalloc byte[GitObjectFormat.IdLength];
            var n = 0;
            foreach (var id in ids)
            {
                if ((++n & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (id.Length != 2 * GitObjectFormat.IdLength
                    || Convert.FromHexString(id, raw, out _, out _) != System.Buffers.OperationStatus.Done
                    || !Present(raw))
                {
                    missing.Add(id);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref activeReads);
        }
    }

    private bool Present(ReadOnlySpan<byte> id)
    {
        if (Locate(id).Pack is not null)
        {
            return true;
        }

        var loose = Core.Inventory.NativeStat.LStat(LoosePath(id));
        return loose.Exists && loose.Kind == Core.Inventory.EntryKind.File && loose.Stamp.Size > 0;
    }

    /// <summary>The damaged packs (file name → what is wrong), sorted by name, packs added since the last look included.</summary>
    public IReadOnlyList<(string Pack, string Problem)> DamagedPacks()
    {
        if (PackFolderChanged())
        {
            Refresh();
        }

        lock (refreshGate)
        {
            return [.. damaged.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value))];
        }
    }

    /// <summary>True when a pack could not be judged here (a format this reader does not handle): only git can say what it holds.</summary>
    public bool HasUnsupportedPacks
    {
        get
        {
            lock (refreshGate)
            {
                return unsupported.Count > 0;
            }
        }
    }

    /// <summary>The type and size of object <paramref name="id"/> without reading its content; false when this store cannot answer.</summary>
    public bool TryReadHeader(ReadOnlySpan<byte> id, out GitObjectType type, out long size)
    {
        Enter();
        try
        {
            return ReadHeader(id, out type, out size);
        }
        finally
        {
            Interlocked.Decrement(ref activeReads);
        }
    }

    /// <summary>A delta declares its result's size in its first bytes.</summary>
    private static long DeltaResultSize(GitPack pack, PackEntry entry)
    {
        Span<byte> prefix = stackalloc byte[24];
        var n = pack.InflatePrefix(entry.DataOffset, prefix[..(int)Math.Min(prefix.Length, entry.Size)]);
        return GitDelta.ReadSizes(prefix[..n], pack.Name).ResultSize;
    }

    private bool ReadHeader(ReadOnlySpan<byte> id, out GitObjectType type, out long size)
    {
        var (pack, offset) = Locate(id);
        if (pack is null)
        {
            return TryReadLooseHeader(id, out type, out size);
        }

        var entry = pack.ReadEntry(offset);
        size = entry.Type <= 4 ? entry.Size : DeltaResultSize(pack, entry);

        for (var depth = 0; entry.Type > 4; depth++)
        {
            if (depth > MaxDeltaDepth)
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {Convert.ToHexStringLower(id)} sits at the end of a delta chain longer than {MaxDeltaDepth} (damaged, or a loop).");
            }

            if (entry.Type == GitPack.OfsDelta)
            {
                entry = pack.ReadEntry(entry.BaseOffset);
                continue;
            }

            (pack, offset) = Locate(entry.BaseId!);
            if (pack is null)
            {
                return TryReadLooseHeader(entry.BaseId!, out type, out _);
            }

            entry = pack.ReadEntry(offset);
        }

        type = (GitObjectType)entry.Type;
        return true;
    }

    private (GitPack? Pack, long Offset) Locate(ReadOnlySpan<byte> id)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            foreach (var pack in packs)
            {
                var offset = pack.Find(id);
                if (offset >= 0)
                {
                    return (pack, offset);
                }
            }

            // Not in any pack we know: a pack written since we looked (a sync that finished meanwhile), or a
            // loose object. The pack folder is listed again only when it changed since the last listing.
            if (attempt == 0 && (File.Exists(LoosePath(id)) || !PackFolderChanged() || !Refresh()))
            {
                break;
            }
        }

        return (null, 0);
    }

    private bool PackFolderChanged()
    {
        var written = Directory.GetLastWriteTimeUtc(Path.Combine(objectsDirectory, "pack")).Ticks;
        return written != Volatile.Read(ref packFolderWritten);
    }

    /// <summary>Maps packs that appeared since the last look; true if there were any.</summary>
    private bool Refresh()
    {
        lock (refreshGate)
        {
            var directory = Path.Combine(objectsDirectory, "pack");
            if (disposed || !Directory.Exists(directory))
            {
                return false;
            }

            Volatile.Write(ref packFolderWritten, Directory.GetLastWriteTimeUtc(directory).Ticks);

            var known = new HashSet<string>(open.Select(p => p.Name), StringComparer.Ordinal);
            var added = false;
            foreach (var index in Directory.EnumerateFiles(directory, "pack-*.idx"))
            {
                var name = Path.GetFileName(Path.ChangeExtension(index, ".pack"));
                if (known.Contains(name) || unsupported.Contains(name) || damaged.ContainsKey(name))
                {
                    continue;
                }

                try
                {
                    open.Add(GitPack.Open(index));
                    added = true;
                }
                catch (InvalidDataException ex)
                {
                    // Its objects are not trusted to be there: a reader asks git (which refuses such a pack
                    // too, or reports the damage itself), and a presence check counts them as missing.
                    damaged[name] = ex.Message;
                }
                catch (Exception ex) when (ex is IOException or NotSupportedException or UnauthorizedAccessException or ArgumentException)
                {
                    // A format or a file this reader does not handle: left to git.
                    unsupported.Add(name);
                }
            }

            if (added)
            {
                // The largest first: most objects of a repository live in its few large packs, so most lookups
                // end at the first index they search.
                packs = [.. open.OrderByDescending(p => p.Count)];
            }

            return added;
        }
    }

    private string LoosePath(ReadOnlySpan<byte> id)
    {
        var hex = Convert.ToHexStringLower(id);
        return Path.Combine(objectsDirectory, hex[..2], hex[2..]);
    }

    /// <summary>A loose object; "not here" when there is none, or (a delta base) when it is larger than <paramref name="quietAbove"/>.</summary>
    private bool TryReadLoose(ReadOnlySpan<byte> id, long maxSize, ref byte[] buffer, out GitObjectType type, out int length, long quietAbove)
    {
        var file = OpenLoose(id);
        if (file is null)
        {
            return NotHere(out type, out length);
        }

        using (file)
        {
            try
            {
                using var zlib = new ZLibStream(file, CompressionMode.Decompress);
                var (t, size) = ReadLooseHeader(zlib, id);
                if (size > quietAbove)
                {
                    return NotHere(out type, out length);
                }

                CheckSize(id, size, maxSize);
                type = t;
                length = (int)size;
                zlib.ReadExactly(Fit(ref buffer, length));
                return true;
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
            {
                throw LooseCorrupt(id, ex);
            }
        }
    }

    private bool TryReadLooseHeader(ReadOnlySpan<byte> id, out GitObjectType type, out long size)
    {
        var file = OpenLoose(id);
        if (file is null)
        {
            type = 0;
            size = -1;
            return false;
        }

        using (file)
        {
            try
            {
                using var zlib = new ZLibStream(file, CompressionMode.Decompress);
                (type, size) = ReadLooseHeader(zlib, id);
                return true;
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
            {
                throw LooseCorrupt(id, ex);
            }
        }
    }

    /// <summary>
    /// Opens a loose object file; null when there is none. Anything but a regular file there (a folder, a
    /// FIFO that would block the open, a device) or a file that cannot be read is a repository error.
    /// </summary>
    private FileStream? OpenLoose(ReadOnlySpan<byte> id)
    {
        var path = LoosePath(id);
        var stat = Core.Inventory.NativeStat.LStat(path);
        if (!stat.Exists)
        {
            return null;
        }

        if (stat.Kind != Core.Inventory.EntryKind.File)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Loose object {Convert.ToHexStringLower(id)} is not a regular file.");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw LooseCorrupt(id, ex);
        }
    }

    /// <summary>A loose object starts "&lt;type&gt; &lt;size&gt;\0".</summary>
    private static (GitObjectType Type, long Size) ReadLooseHeader(Stream zlib, ReadOnlySpan<byte> id)
    {
        Span<byte> header = stackalloc byte[32];
        var n = 0;
        while (true)
        {
            var b = zlib.ReadByte();
            if (b < 0 || n == header.Length)
            {
                throw new InvalidDataException("no object header");
            }

            if (b == 0)
            {
                break;
            }

            header[n++] = (byte)b;
        }

        var text = Encoding.ASCII.GetString(header[..n]);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        GitObjectType? type = space < 0 ? null : text[..space] switch
        {
            "commit" => GitObjectType.Commit,
            "tree" => GitObjectType.Tree,
            "blob" => GitObjectType.Blob,
            "tag" => GitObjectType.Tag,
            _ => null,
        };
        if (type is null || !long.TryParse(text.AsSpan(space + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Loose object {Convert.ToHexStringLower(id)} has a malformed header.");
        }

        return (type.Value, size);
    }

    private void Remember(GitPack pack, long offset, GitObjectType type, byte[] content)
    {
        if (content.Length > CacheEntryBytes)
        {
            return;
        }

        if (Interlocked.Add(ref cachedBytes, content.Length) > CacheBytes)
        {
            // Crude but bounded: start over rather than track recency.
            bases.Clear();
            Interlocked.Exchange(ref cachedBytes, content.Length);
        }

        bases[(pack, offset)] = (type, content);
    }

    private static Span<byte> Fit(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            // Every byte is overwritten by the inflater: no need to zero it first.
            buffer = GC.AllocateUninitializedArray<byte>(length);
        }

        return buffer.AsSpan(0, length);
    }

    private static void CheckSize(ReadOnlySpan<byte> id, long size, long maxSize)
    {
        if (size > maxSize || size > Array.MaxLength)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {Convert.ToHexStringLower(id)} is {size} bytes, more than the {maxSize} allowed.");
        }
    }

    private static bool NotHere(out GitObjectType type, out int length)
    {
        type = 0;
        length = 0;
        return false;
    }

    private static BrainRepoException LooseCorrupt(ReadOnlySpan<byte> id, Exception ex) =>
        new(ErrorCodes.RepositoryCorrupt, $"Loose object {Convert.ToHexStringLower(id)} is damaged ({ex.Message}).");

    /// <summary>Unmaps every pack, once no read is running (new reads are refused from now on).</summary>
    public void Dispose()
    {
        disposed = true;
        var wait = new SpinWait();
        while (Volatile.Read(ref activeReads) > 0)
        {
            wait.SpinOnce();
        }

        lock (refreshGate)
        {
            foreach (var pack in open)
            {
                pack.Dispose();
            }

            open.Clear();
            packs = [];
        }
    }
}

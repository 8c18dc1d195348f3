using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Snapshots;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Git;

/// <summary>
/// Every way a pack write can fail leaves no temporary file behind and reports a write error of the backup
/// repository (BR1005 when the disk is full); failures are injected into the pack's file stream. DiskFullTests
/// do the same on a real full disk.
/// </summary>
public sealed class PackWriterFaultTests : IDisposable
{
    private const int ENOSPC = 28;
    private const int EIO = 5;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "brainrepo-tests", Guid.NewGuid().ToString("N"), "pack");

    public PackWriterFaultTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);

    [Fact]
    public void Append_WhenTheDiskFills_IsDiskFull_NamesTheFolder_AndRemovesThePartialPack()
    {
        var writer = new PackWriter(folder, path => new FailingStream(path, failWritesAfter: 4096, flushFails: false, ENOSPC));

        var ex = Assert.Throws<BackupWriteException>(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                Append(writer, i);
            }
        });

        Assert.Equal(ErrorCodes.DiskFull, ex.Code);
        Assert.Contains(folder, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder)); // removed at once, before the caller disposes anything
        Assert.Same(ex, Assert.Throws<BackupWriteException>(() => Append(writer, 1000))); // the one error, again
        writer.Dispose();
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Complete_WhenTheFlushFails_IsAWriteError_AndLeavesNoTemporaryFile()
    {
        var writer = new PackWriter(folder, path => new FailingStream(path, failWritesAfter: long.MaxValue, flushFails: true, EIO));
        Append(writer, 1);

        var ex = Assert.Throws<BackupWriteException>(() => writer.Complete(CancellationToken.None));

        Assert.Equal(ErrorCodes.FileAccess, ex.Code);
        Assert.Contains(folder, ex.Message, StringComparison.Ordinal);
        writer.Dispose();
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Complete_WhenCancelled_LeavesNoTemporaryFile()
    {
        using var writer = new PackWriter(folder);
        Append(writer, 1);

        Assert.Throws<OperationCanceledException>(() => writer.Complete(new CancellationToken(canceled: true)));

        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Complete_WritesAPackAndIndexReadableByTheOwnerOnly_AndNothingElse()
    {
        using var writer = new PackWriter(folder);
        Append(writer, 1);

        var pack = writer.Complete(CancellationToken.None)!;

        Assert.Equal([Path.ChangeExtension(pack, ".idx"), pack], Directory.GetFiles(folder).Order(StringComparer.Ordinal));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(pack));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.ChangeExtension(pack, ".idx")));
    }

    [Fact]
    public void TemporaryPack_IsPrivate_AndNamesItsOwner()
    {
        using var writer = new PackWriter(folder);

        var temp = Assert.Single(Directory.GetFiles(folder));
        Assert.StartsWith(PackWriter.TempPrefix + TempFileOwner.Current + "_", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp));
    }

    [Fact]
    public void RemoveStaleTemporaryFiles_RemovesOnlyWhatIsProvablyAbandoned()
    {
        var deadOwner = Path.Combine(folder, $"{PackWriter.TempPrefix}{DiskFullTests.DeadOwner()}_{Guid.NewGuid():N}");
        var reusedPid = Path.Combine(folder, $"{PackWriter.TempPrefix}{Environment.ProcessId}-{LocalProcessProbe.Instance.GetStartTime(Environment.ProcessId) + 1}_{Guid.NewGuid():N}");
        var liveOwner = Path.Combine(folder, $"{PackWriter.TempPrefix}{TempFileOwner.Current}_{Guid.NewGuid():N}");
        var oldOwnerless = Path.Combine(folder, "tmp_pack_AbC123");
        var oldButOpen = Path.Combine(folder, "tmp_idx_DeF456");
        var recentOwnerless = Path.Combine(folder, $"{PackWriter.TempPrefix}{Guid.NewGuid():N}"); // an older BrainRepo's name
        var pack = Path.Combine(folder, "pack-0000000000000000000000000000000000000000.pack");
        foreach (var path in new[] { deadOwner, deadOwner + ".idx", reusedPid, liveOwner, oldOwnerless, oldButOpen, recentOwnerless, pack })
        {
            File.WriteAllBytes(path, [1, 2, 3]);
        }

        var twoDaysAgo = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-2);
        File.SetLastWriteTimeUtc(oldOwnerless, twoDaysAgo);
        File.SetLastWriteTimeUtc(oldButOpen, twoDaysAgo);
        File.SetLastWriteTimeUtc(pack, twoDaysAgo);
        using var held = File.OpenRead(oldButOpen);

        var removed = PackWriter.RemoveStaleTemporaryFiles(folder, TimeSpan.FromHours(6), LocalProcessProbe.Instance);

        Assert.Equal(
            new[] { deadOwner, deadOwner + ".idx", reusedPid, oldOwnerless }.Select(Path.GetFileName).Order(StringComparer.Ordinal),
            removed.Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { liveOwner, oldButOpen, recentOwnerless, pack }.Order(StringComparer.Ordinal),
            Directory.GetFiles(folder).Order(StringComparer.Ordinal));
    }

    private static void Append(PackWriter writer, int i)
    {
        var content = System.Text.Encoding.UTF8.GetBytes($"object {i} " + new string('x', 2000 + i));
        var id = GitObjectFormat.HashObject(GitObjectType.Blob, content);
        writer.Append(id, GitObjectType.Blob, content.Length, PackWriter.Compress(content));
    }

    /// <summary>A pack file whose writes fail once it holds <c>failWritesAfter</c> bytes, or whose flush to disk fails, with <c>errno</c>.</summary>
    private sealed class FailingStream(string path, long failWritesAfter, bool flushFails, int errno)
        : FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite })
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ThrowIfFull(buffer.Length);
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfFull(count);
            base.Write(buffer, offset, count);
        }

        public override void Flush(bool flushToDisk)
        {
            if (flushFails && flushToDisk)
            {
                throw Error();
            }

            base.Flush(flushToDisk);
        }

        private void ThrowIfFull(int count)
        {
            if (Position + count > failWritesAfter)
            {
                throw Error();
            }
        }

        private IOException Error() => new(errno == ENOSPC ? "No space left on device" : "Input/output error", errno);
    }
}

using System.Buffers.Binary;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using static BrainRepo.Core.Tests.Support.PackSurgery;

namespace BrainRepo.Core.Tests.Git;

/// <summary>
/// <see cref="GitBackupRepository.CheckObjects"/> is what a sync trusts before it reuses an object id: an object counts
/// as present only in a pack that passes its checks, or as a loose object. Real repositories, damaged on disk.
/// </summary>
public sealed class ObjectPresenceTests
{
    private static (TestWorkspace Ws, string[] Blobs) Synced()
    {
        var ws = new TestWorkspace();
        for (var i = 0; i < 20; i++)
        {
            ws.Write($"f{i}.txt", $"file {i}\n");
        }

        ws.Sync();
        return (ws, [.. ws.SnapshotFiles().Values.Select(f => f.BlobId)]);
    }

    private static BrainRepo.Core.Storage.ObjectPresence Check(TestWorkspace ws, params string[] ids)
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        return repo.CheckObjects(ids, CancellationToken.None);
    }

    [Fact]
    public void CheckObjects_OnAnIntactPack_FindsEveryObjectAndNoDamage()
    {
        var (ws, blobs) = Synced();
        using var _ = ws;
        var absent = new string('7', 40);

        var presence = Check(ws, [.. blobs, ws.Head()!, absent]);

        Assert.Equal([absent], presence.Missing);
        Assert.Empty(presence.DamagedPacks);
    }

    [Theory]
    [InlineData(Damage.TruncatePack, "truncated")]
    [InlineData(Damage.GarbleIndex, "garbled")]
    public void CheckObjects_OnADamagedPack_CountsAllItsObjectsAsMissing(Damage damage, string named)
    {
        var (ws, blobs) = Synced();
        using var _ = ws;
        var pack = LargestPack(ws);
        Apply(pack, damage);

        var presence = Check(ws, blobs);

        Assert.Equal(blobs.Order(StringComparer.Ordinal), presence.Missing.Order(StringComparer.Ordinal));
        var report = Assert.Single(presence.DamagedPacks);
        Assert.StartsWith(Path.GetFileName(pack), report, StringComparison.Ordinal);
        Assert.Contains(named, report, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckObjects_WhenOnlyTheIndexsOffsetsAreGarbled_StillCountsThePackAsDamaged()
    {
        // The names still sort and match: only the index's own checksum tells that its offsets are wrong.
        var (ws, blobs) = Synced();
        using var _ = ws;
        var index = Path.ChangeExtension(LargestPack(ws), ".idx");
        var bytes = File.ReadAllBytes(index);
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8 + (255 * 4)));
        var offsets = 8 + 1024 + (count * 24);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offsets), 13); // a plausible offset inside the pack
        File.SetUnixFileMode(index, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllBytes(index, bytes);

        var presence = Check(ws, blobs);

        Assert.Equal(blobs.Length, presence.Missing.Count);
        Assert.Contains("checksum", Assert.Single(presence.DamagedPacks), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckObjects_WhenThePackFileIsGone_CountsItsObjectsAsMissing()
    {
        var (ws, blobs) = Synced();
        using var _ = ws;
        File.Delete(LargestPack(ws));

        var presence = Check(ws, blobs);

        Assert.Equal(blobs.Length, presence.Missing.Count);
        Assert.Contains("missing", Assert.Single(presence.DamagedPacks), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckObjects_FindsALooseObject_ButNotAnEmptyLooseFile()
    {
        using var ws = new TestWorkspace();
        ws.Sync();
        var stored = ws.GitWithInput("loose\n", "hash-object", "-w", "--stdin").Out.Trim();
        var empty = new string('a', 40);
        var emptyPath = Path.Combine(ws.Config.RepositoryPath, "objects", empty[..2], empty[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(emptyPath)!);
        File.WriteAllBytes(emptyPath, []);

        var presence = Check(ws, stored, empty);

        Assert.Equal([empty], presence.Missing);
    }
}

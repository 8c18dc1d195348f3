using BrainRepo.Core.Inventory;

namespace BrainRepo.Core.Tests.Inventory;

public sealed class DirectoryListingTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("brainrepo-listing-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Read_ListsEveryEntryWithItsType_AndNeitherDotNorDotDot()
    {
        File.WriteAllText(Path.Combine(root, "note.md"), "n");
        File.WriteAllText(Path.Combine(root, "..hidden"), "h");
        Directory.CreateDirectory(Path.Combine(root, "folder"));
        File.CreateSymbolicLink(Path.Combine(root, "link"), "folder");
        File.WriteAllText(Path.Combine(root, "ünïcode ✓.md"), "u");

        var entries = ListAll(root);

        Assert.Equal(["..hidden", "folder", "link", "note.md", "ünïcode ✓.md"], entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(DirectoryListing.TypeDirectory, entries.Single(e => e.Name == "folder").Type);
        Assert.All(entries.Where(e => e.Name != "folder"), e => Assert.NotEqual(DirectoryListing.TypeDirectory, e.Type));
    }

    [Fact]
    public void Read_AFolderLargerThanOneBuffer_ListsEveryName()
    {
        var expected = Enumerable.Range(0, 3000).Select(i => $"a-fairly-long-file-name-to-fill-the-buffer-{i:D5}.md").ToList();
        foreach (var name in expected)
        {
            File.WriteAllText(Path.Combine(root, name), "");
        }

        Assert.Equal(expected, ListAll(root).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Open_ASymlinkToAFolder_IsNotFollowed_AndCountsAsGone()
    {
        var outside = Directory.CreateTempSubdirectory("brainrepo-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.md"), "s");
            var link = Path.Combine(root, "swapped");
            Directory.CreateSymbolicLink(link, outside);

            var fd = DirectoryListing.Open(link, out var errno);

            Assert.Equal(-1, fd);
            Assert.True(DirectoryListing.IsGone(errno), $"errno {errno}");
            // The same call on the real folder does open it: the refusal above is about the symlink.
            var real = DirectoryListing.Open(outside, out _);
            Assert.True(real >= 0);
            NativeStat.CloseDirectory(real);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Open_AMissingFolder_CountsAsGone()
    {
        Assert.Equal(-1, DirectoryListing.Open(Path.Combine(root, "missing"), out var errno));
        Assert.True(DirectoryListing.IsGone(errno));
    }

    private static List<DirectoryListing.Entry> ListAll(string path)
    {
        var fd = DirectoryListing.Open(path, out var errno);
        Assert.True(fd >= 0, $"errno {errno}");
        try
        {
            var entries = new List<DirectoryListing.Entry>();
            Assert.Equal(0, DirectoryListing.Read(fd, entries));
            return entries;
        }
        finally
        {
            NativeStat.CloseDirectory(fd);
        }
    }
}

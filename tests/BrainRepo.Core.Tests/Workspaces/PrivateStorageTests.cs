using BrainRepo.Core.Tests.Support;
using BrainRepo.Storage.Sqlite;

namespace BrainRepo.Core.Tests.Workspaces;

/// <summary>
/// Backups are for their owner alone: the data folder, the state folder and the backup repository are 0700, and
/// the packs, the state database and the stat cache are readable by the owner only, whatever the umask. A layout
/// that an older version left open to others is closed on the next run.
/// </summary>
public sealed class PrivateStorageTests
{
    private const UnixFileMode OpenToOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task InitAndSync_KeepTheDataFolderRepositoryAndStatePrivate()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");

        var sync = await ws.CliAsync("sync", "--no-push");

        Assert.Equal(0, sync.Exit);
        AssertPrivate(ws);
        Assert.Equal("700", Mode(ws.Home));
        Assert.Equal("700", Mode(ws.Config.StateDirectory));
        Assert.Equal("700", Mode(ws.Config.RepositoryPath));
        Assert.Equal("600", Mode(ws.Config.StateDatabase));
        Assert.Equal("600", Mode(Path.Combine(ws.Config.StateDirectory, SqliteStateStore.StatCacheFileName)));
        Assert.Equal("600", Mode(Path.Combine(ws.Home, "coordination.db")));
        Assert.All(Packs(ws), p => Assert.Equal("400", Mode(p)));
        Assert.Equal("0600", ws.Git("config", "core.sharedRepository").Out.Trim());
    }

    [Fact]
    public async Task Sync_OnALayoutLeftOpenToOthers_ClosesItWithEverythingInIt()
    {
        using var ws = new TestWorkspace(repositoryPath: "elsewhere/repo.git"); // a repository outside the data folder too
        ws.Write("notes/a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync", "--no-push")).Exit);
        ws.Git("config", "--unset", "core.sharedRepository");
        foreach (var root in new[] { ws.Home, ws.Config.RepositoryPath })
        {
            OpenUp(root); // what an older version under umask 022 left: folders 0755, files 0644
        }

        Assert.Equal("755", Mode(ws.Home));
        ws.Write("notes/b.md", "b");
        var sync = await ws.CliAsync("sync", "--no-push");

        Assert.Equal(0, sync.Exit);
        AssertPrivate(ws);
        Assert.Equal("700", Mode(ws.Home));
        Assert.Equal("700", Mode(ws.Config.RepositoryPath));
        Assert.Equal("0600", ws.Git("config", "core.sharedRepository").Out.Trim());
        Assert.Equal("b", ws.ReadStored("notes/b.md"));
    }

    [Fact]
    public void ConsolidatedPacks_AreReadableByTheOwnerOnly()
    {
        using var ws = new TestWorkspace();
        for (var i = 0; i < 3; i++)
        {
            ws.Write($"n{i}.md", $"{i}");
            ws.Sync();
        }

        using (var repo = BrainRepo.Git.GitBackupRepository.Open(ws.Config.RepositoryPath))
        {
            Assert.NotNull(repo.ConsolidatePacks(2, CancellationToken.None)); // git repack writes these
        }

        Assert.NotEmpty(Packs(ws));
        Assert.All(Packs(ws), p => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(p) & OpenToOthers));
    }

    /// <summary>No folder and no file under the data folder or the repository is open to the group or others.</summary>
    private static void AssertPrivate(TestWorkspace ws)
    {
        foreach (var root in new[] { ws.Home, ws.Config.RepositoryPath })
        {
            var open = new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                .Where(e => e.LinkTarget is null && (e.UnixFileMode & OpenToOthers) != 0)
                .Where(e => e.Name is not ("sync.lock" or ".clock")) // empty marker files, inside a private folder
                .Where(e => !(e.FullName + "/").Contains("/refs/", StringComparison.Ordinal) && !(e.FullName + "/").Contains("/logs/", StringComparison.Ordinal)) // libgit2's refs and reflogs, inside the private repository
                .Select(e => $"{e.FullName} {Convert.ToString((int)e.UnixFileMode, 8)}")
                .ToList();
            Assert.True(open.Count == 0, "open to others: " + string.Join(", ", open));
        }
    }

    private static void OpenUp(string root)
    {
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(root)))
        {
            if (entry.LinkTarget is null)
            {
                entry.UnixFileMode |= entry is DirectoryInfo
                    ? UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                    : UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }
        }
    }

    private static List<string> Packs(TestWorkspace ws) =>
        [.. Directory.EnumerateFiles(Path.Combine(ws.Config.RepositoryPath, "objects", "pack")).Where(f => f.EndsWith(".pack", StringComparison.Ordinal) || f.EndsWith(".idx", StringComparison.Ordinal))];

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}

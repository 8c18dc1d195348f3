using System.Diagnostics;
using BrainRepo.Core.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BrainRepo.Storage.Tests.Coordination;

public sealed class GitLockJanitorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string GitDirectory => Path.Combine(_temp.Path, ".git");

    [Fact]
    public void FreshLock_WithALiveOwner_IsLeftAlone_AndReportedBusy()
    {
        var index = CreateLock("index.lock");

        var scan = Janitor(gitRunning: false, sinceLock: TimeSpan.FromMinutes(1)).RemoveStaleLocks(GitDirectory, _temp.Path, previousOwnerDead: false);

        Assert.True(scan.Busy);
        Assert.True(File.Exists(index));
    }

    [Fact]
    public void OldLock_WithNoGitRunning_IsRemoved()
    {
        var refLock = CreateLock(Path.Combine("refs", "heads", "main.lock"));

        var scan = Janitor(gitRunning: false, sinceLock: TimeSpan.FromMinutes(11)).RemoveStaleLocks(GitDirectory, _temp.Path, previousOwnerDead: false);

        Assert.Equal([refLock], scan.Removed);
        Assert.False(scan.Busy);
        Assert.False(File.Exists(refLock));
    }

    [Fact]
    public void FreshLock_OfADeadOwner_IsRemoved()
    {
        var index = CreateLock("index.lock");

        var scan = Janitor(gitRunning: false, sinceLock: TimeSpan.Zero).RemoveStaleLocks(GitDirectory, _temp.Path, previousOwnerDead: true);

        Assert.Equal([index], scan.Removed);
    }

    [Fact]
    public void AnyLock_WhileGitRunsInTheRepository_IsLeftAlone()
    {
        var index = CreateLock("index.lock");

        var scan = Janitor(gitRunning: true, sinceLock: TimeSpan.FromHours(5)).RemoveStaleLocks(GitDirectory, _temp.Path, previousOwnerDead: true);

        Assert.Equal([index], scan.Held);
        Assert.True(File.Exists(index));
    }

    [Fact]
    public async Task ProcGitProcessProbe_SeesAGitProcessInsideTheDirectory_Only()
    {
        var other = Path.Combine(_temp.Path, "other");
        var repo = Path.Combine(_temp.Path, "repo");
        Directory.CreateDirectory(other);
        Directory.CreateDirectory(repo);
        var start = new ProcessStartInfo("git", "hash-object --stdin") { WorkingDirectory = repo, RedirectStandardInput = true, UseShellExecute = false, RedirectStandardOutput = true };
        using var git = Process.Start(start)!;
        try
        {
            Assert.True(ProcGitProcessProbe.Instance.IsGitRunningIn(repo));
            Assert.False(ProcGitProcessProbe.Instance.IsGitRunningIn(other));
        }
        finally
        {
            git.StandardInput.Close();
            await git.WaitForExitAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    private string CreateLock(string relative)
    {
        var path = Path.Combine(GitDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    private GitLockJanitor Janitor(bool gitRunning, TimeSpan sinceLock)
    {
        var newest = Directory.EnumerateFiles(GitDirectory, "*.lock", SearchOption.AllDirectories).Max(File.GetLastWriteTimeUtc);
        var time = new FakeTimeProvider(new DateTimeOffset(newest, TimeSpan.Zero) + sinceLock);
        return new GitLockJanitor(new FixedProbe(gitRunning), new GitLockOptions(), time, new ListLogger<GitLockJanitor>());
    }

    private sealed class FixedProbe(bool running) : IGitProcessProbe
    {
        public bool IsGitRunningIn(string directory) => running;
    }
}

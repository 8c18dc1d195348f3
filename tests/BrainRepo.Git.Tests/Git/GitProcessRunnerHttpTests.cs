using System.Diagnostics;
using System.Security.Cryptography;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Git.Tests.Git;

/// <summary>The runner's hardening over smart HTTP with a token: no trace of the exchange, and no askpass folder left behind.</summary>
[Trait("Category", "Integration")]
[Collection(HttpServerCollection.Name)]
public sealed class GitProcessRunnerHttpTests : IDisposable
{
    private const string Token = "ghp_RunnerTestToken_4d2a9c7e1b";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PushWithToken_CurlTraceAndVerboseInTheEnvironment_TraceNothing()
    {
        var root = _temp.Combine("served");
        Directory.CreateDirectory(root);
        await using var server = new GitHttpServer(root, Token);
        var served = server.CreateRepository("brain.git");
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var controlTrace = _temp.Combine("control.trace");
        Assert.Throws<InvalidOperationException>(() => TestGit.RunWithEnv(
            null, new Dictionary<string, string> { ["GIT_TRACE_CURL"] = controlTrace }, "--git-dir=" + backup, "ls-remote", server.Url("brain.git")));
        Assert.True(File.Exists(controlTrace), "control: plain git traces its HTTP exchange");
        var trace = _temp.Combine("curl.trace");
        var logs = new RecordingLoggerProvider();
        var recorder = new GitProcessRecorder(new Dictionary<string, string?> { ["GIT_TRACE_CURL"] = trace, ["GIT_CURL_VERBOSE"] = "1" });

        await new GitRemoteClient(backup, logger: logs.For<GitRemoteClient>(), runner: recorder.Runner)
            .PushAsync(RemoteSpec.Parse(server.Url("brain.git")), new SecretToken(Token), [], null, TestTimeout.Token);

        Assert.Equal(commit, TestGit.RevParse(served, "refs/heads/main"));
        Assert.False(File.Exists(trace), "GIT_TRACE_CURL made git write a trace");
        // git's standard error during the push is logged line by line: curl's verbose output would show there.
        Assert.Contains(logs.Lines, l => l.Contains("Running git push", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Authorization", StringComparison.OrdinalIgnoreCase) || l.Contains("> POST", StringComparison.Ordinal) || l.Contains("< HTTP/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PushWithToken_RemovesAskPassFoldersOfDeadProcesses_KeepsEveryOther()
    {
        var root = _temp.Combine("served");
        Directory.CreateDirectory(root);
        await using var server = new GitHttpServer(root, Token);
        var served = server.CreateRepository("brain.git");
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var ns = ProcFs.PidNamespace();
        var self = Environment.ProcessId;
        var selfStart = ProcFs.StartTime(self);
        var exited = ExitedProcessId();
        var elsewhere = _temp.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "keep.txt"), "not an askpass folder");

        var deadOwner = AskPassFolder($"{ns}-{exited}-1");
        var reusedPid = AskPassFolder($"{ns}-{self}-{selfStart + 1}");
        var liveOwner = AskPassFolder($"{ns}-{self}-{selfStart}");
        var otherNamespace = AskPassFolder($"{ns + 1}-{exited}-1");
        var oldName = Path.Combine(Path.GetTempPath(), "brainrepo-askpass-" + RandomHex());
        Directory.CreateDirectory(oldName);
        var symlink = Path.Combine(Path.GetTempPath(), $"brainrepo-askpass-{ns}-{exited}-1-{RandomHex()}");
        Directory.CreateSymbolicLink(symlink, elsewhere);
        string[] kept = [liveOwner, otherNamespace, oldName, symlink];
        var recorder = new GitProcessRecorder();
        try
        {
            await new GitRemoteClient(backup, runner: recorder.Runner)
                .PushAsync(RemoteSpec.Parse(server.Url("brain.git")), new SecretToken(Token), [], null, TestTimeout.Token);

            Assert.Equal(commit, TestGit.RevParse(served, "refs/heads/main"));
            Assert.False(Directory.Exists(deadOwner), "the folder of a process that exited was kept");
            Assert.False(Directory.Exists(reusedPid), "the folder of a process whose PID was reused was kept");
            Assert.All(kept, k => Assert.True(Directory.Exists(k), k + " was removed"));
            Assert.True(File.Exists(Path.Combine(elsewhere, "keep.txt")));
            var used = recorder.Started.Select(s => s.Environment.GetValueOrDefault("GIT_ASKPASS")).OfType<string>().ToList();
            Assert.NotEmpty(used);
            Assert.All(used, path => Assert.StartsWith(
                Path.Combine(Path.GetTempPath(), $"brainrepo-askpass-{ns}-{self}-{selfStart}-"), path, StringComparison.Ordinal));
            Assert.All(used, path => Assert.False(Directory.Exists(Path.GetDirectoryName(path)), "the push left its askpass folder"));
        }
        finally
        {
            foreach (var folder in new[] { deadOwner, reusedPid, liveOwner, otherNamespace, oldName })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            File.Delete(symlink);
        }
    }

    private static string AskPassFolder(string owner)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"brainrepo-askpass-{owner}-{RandomHex()}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "askpass.sh"), "#!/bin/sh\n");
        return folder;
    }

    private static string RandomHex() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}

using System.Net;
using System.Net.Sockets;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Git.Tests.Git;

/// <summary>The hardening that <see cref="GitProcessRunner"/> applies to every git process, proven with real git.</summary>
public sealed class GitProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Push_HooksInTheBackupRepository_DoNotRun()
    {
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var prePush = _temp.Combine("pre-push-ran");
        var transaction = _temp.Combine("reference-transaction-ran");
        TestGit.InstallHook(backup, "pre-push", $"touch '{prePush}'");
        TestGit.InstallHook(backup, "reference-transaction", $"touch '{transaction}'");
        TestGit.Run(null, "--git-dir=" + backup, "update-ref", "refs/heads/control", commit);
        Assert.True(File.Exists(transaction), "control: plain git runs the backup repository's hooks");
        File.Delete(transaction);

        await new GitRemoteClient(backup).PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token);
        await new GitSnapshotTags(backup).EnsureDailyTagAsync(null, TestTimeout.Token);

        Assert.Equal(commit, TestGit.RevParse(remotePath, "refs/heads/main"));
        Assert.False(File.Exists(prePush), "the pre-push hook ran");
        Assert.False(File.Exists(transaction), "the reference-transaction hook ran");
    }

    [Fact]
    public void TryCreateTag_ReferenceTransactionHookInTheBackupRepository_DoesNotRun()
    {
        var path = TestGit.InitBare(_temp.Combine("backup.git"));
        var commit = TestGit.CommitFile(path, "a.txt", "1");
        var marker = _temp.Combine("hook-ran");
        TestGit.InstallHook(path, "reference-transaction", $"touch '{marker}'");
        using var repository = GitBackupRepository.CreateOrOpen(path, TestTimeout.Token);

        Assert.True(repository.TryCreateTag("snapshot/daily/2025-11-26", commit, TestTimeout.Token));

        Assert.Equal(commit, TestGit.RevParse(path, "refs/tags/snapshot/daily/2025-11-26"));
        Assert.False(File.Exists(marker), "the reference-transaction hook ran");
    }

    public static TheoryData<string> ConfigSources => ["home", "xdg", "global", "system", "count", "parameters"];

    [Theory]
    [MemberData(nameof(ConfigSources))]
    public async Task Push_InsteadOfFromUserSystemOrEnvironmentConfig_HasNoEffect(string source)
    {
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var decoy = TestGit.InitBare(_temp.Combine("decoy.git"));
        var decoyCommit = TestGit.CommitFile(decoy, "decoy.txt", "not the backup");
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var environment = HostileConfig(source, "[url \"" + decoy + "\"]\n\tinsteadOf = " + remotePath + "\n", decoy, remotePath);
        var control = TestGit.RunWithEnv(null, environment.ToDictionary(e => e.Key, e => e.Value!), "--git-dir=" + backup, "ls-remote", remotePath, "refs/heads/main");
        Assert.StartsWith(decoyCommit, control, StringComparison.Ordinal);

        var recorder = new GitProcessRecorder(environment);
        await new GitRemoteClient(backup, runner: recorder.Runner).PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token);

        Assert.Equal(commit, TestGit.RevParse(remotePath, "refs/heads/main"));
        Assert.Equal(decoyCommit, TestGit.RevParse(decoy, "refs/heads/main"));
    }

    public static TheoryData<string> TraceVariables =>
        ["GIT_TRACE", "GIT_TRACE2", "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF", "GIT_TRACE_PACKET", "GIT_TRACE_SETUP", "GIT_TRACE_PERFORMANCE"];

    [Theory]
    [MemberData(nameof(TraceVariables))]
    public async Task Push_TraceVariableInTheEnvironment_WritesNoTrace(string variable)
    {
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var controlTrace = _temp.Combine("control.trace");
        TestGit.RunWithEnv(null, new Dictionary<string, string> { [variable] = controlTrace }, "--git-dir=" + backup, "ls-remote", remotePath);
        Assert.True(File.Exists(controlTrace), "control: plain git traces with " + variable);
        var trace = _temp.Combine("brainrepo.trace");

        var recorder = new GitProcessRecorder(new Dictionary<string, string?> { [variable] = trace });
        await new GitRemoteClient(backup, runner: recorder.Runner).PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token);

        Assert.Equal(commit, TestGit.RevParse(remotePath, "refs/heads/main"));
        Assert.False(File.Exists(trace), variable + " made git write a trace");
        Assert.All(recorder.Started, s => Assert.False(s.Environment.ContainsKey(variable)));
    }

    [Fact]
    public async Task ListRemoteRefs_CancelledWhileTheServerNeverAnswers_KillsGitAndItsRemoteHelper()
    {
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var started = new TaskCompletionSource<GitProcessStart>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new GitProcessRecorder(onStarted: s => started.TrySetResult(s));
        using var cancel = new CancellationTokenSource();
        var client = new GitRemoteClient(backup, runner: recorder.Runner);

        var listing = client.ListRemoteRefsAsync(RemoteSpec.Parse($"http://127.0.0.1:{port}/brain.git"), null, ["refs/heads/main"], cancel.Token);
        using var connection = await server.AcceptTcpClientAsync(TestTimeout.Token);
        var git = (await started.Task.WaitAsync(TestTimeout.Token)).ProcessId;
        var gitStart = ProcFs.StartTime(git);
        var helpers = ProcFs.Descendants(git);
        Assert.NotEmpty(helpers); // git remote-http, which holds the connection
        Assert.True(ProcFs.IsRunning(git, gitStart));
        Assert.All(helpers, h => Assert.True(ProcFs.IsRunning(h.Pid, h.StartTime)));

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing);

        Assert.False(ProcFs.IsRunning(git, gitStart), "git still runs");
        Assert.All(helpers, h => Assert.False(ProcFs.IsRunning(h.Pid, h.StartTime), $"git's helper {h.Pid} still runs"));
    }

    [Fact]
    public async Task Push_CancelledWhileGitPushes_IsNotInterrupted()
    {
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var receiving = _temp.Combine("receiving");
        var release = _temp.Combine("release");
        TestGit.InstallHook(remotePath, "pre-receive", $"touch '{receiving}'; while [ ! -e '{release}' ]; do sleep 0.05; done");
        using var cancel = new CancellationTokenSource();

        var push = new GitRemoteClient(backup).PushAsync(RemoteSpec.Parse(remotePath), null, [], null, cancel.Token);
        while (!File.Exists(receiving))
        {
            Assert.False(push.IsCompleted, "the push ended before the remote received it");
            await Task.Delay(20, TestTimeout.Token);
        }

        cancel.Cancel();
        // An interrupted push would end now (killed); one that is left alone waits for the hook.
        await Task.WhenAny(push, Task.Delay(TimeSpan.FromSeconds(1), TestTimeout.Token));
        Assert.False(push.IsCompleted, "the cancel interrupted the running push");
        await File.WriteAllTextAsync(release, "", TestTimeout.Token);
        // The push lands; what follows it (reading the remote back) honours the cancel.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push);

        Assert.Equal(commit, TestGit.RevParse(remotePath, "refs/heads/main"));
    }

    [Fact]
    public async Task Run_RequestSettingAHardenedVariable_IsRefusedAndStartsNothing()
    {
        var recorder = new GitProcessRecorder();
        var request = new GitProcessRequest { Arguments = ["version"], Environment = new Dictionary<string, string> { ["GIT_TRACE"] = "1" } };

        await Assert.ThrowsAsync<ArgumentException>(() => recorder.Runner.RunAsync(request, TestTimeout.Token));

        Assert.Empty(recorder.Started);
        var allowed = await recorder.Runner.RunAsync(request with { Environment = new Dictionary<string, string> { ["GIT_AUTHOR_NAME"] = "x" } }, TestTimeout.Token);
        Assert.Equal(0, allowed.ExitCode);
        Assert.StartsWith("git version", allowed.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>An environment that feeds <paramref name="config"/> to git through <paramref name="source"/>.</summary>
    private Dictionary<string, string?> HostileConfig(string source, string config, string decoy, string remotePath)
    {
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        var file = _temp.Combine("hostile.gitconfig");
        File.WriteAllText(file, config);
        switch (source)
        {
            case "home":
                File.WriteAllText(Path.Combine(home, ".gitconfig"), config);
                return new() { ["HOME"] = home };
            case "xdg":
                Directory.CreateDirectory(_temp.Combine("xdg", "git"));
                File.WriteAllText(_temp.Combine("xdg", "git", "config"), config);
                return new() { ["HOME"] = home, ["XDG_CONFIG_HOME"] = _temp.Combine("xdg") };
            case "global":
                return new() { ["GIT_CONFIG_GLOBAL"] = file };
            case "system":
                return new() { ["GIT_CONFIG_SYSTEM"] = file };
            case "count":
                return new() { ["GIT_CONFIG_COUNT"] = "1", ["GIT_CONFIG_KEY_0"] = "url." + decoy + ".insteadOf", ["GIT_CONFIG_VALUE_0"] = remotePath };
            case "parameters":
                return new() { ["GIT_CONFIG_PARAMETERS"] = "'url." + decoy + ".insteadof'='" + remotePath + "'" };
            default:
                throw new ArgumentOutOfRangeException(nameof(source));
        }
    }
}

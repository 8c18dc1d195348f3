using System.Diagnostics;

namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>Plain git commands for arranging test repositories (not the code under test).</summary>
public static class TestGit
{
    public static string Run(string? workingDirectory, params string[] arguments) =>
        RunWithEnv(workingDirectory, null, arguments);

    public static string RunWithEnv(string? workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_AUTHOR_NAME"] = "Test";
        info.Environment["GIT_AUTHOR_EMAIL"] = "test@example.com";
        info.Environment["GIT_COMMITTER_NAME"] = "Test";
        info.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                info.Environment[k] = v;
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {stderr}");
        }

        return stdout.Result.Trim();
    }

    public static string InitBare(string path)
    {
        Run(null, "init", "--bare", "-q", "-b", "main", path);
        return path;
    }

    /// <summary>Writes a commit holding one file on top of the branch tip (as the snapshot engine would) and returns its id.</summary>
    public static string CommitFile(string bareRepo, string path, string content, string branch = "main", DateTimeOffset? at = null)
    {
        var file = Path.Combine(Path.GetTempPath(), "brainrepo-blob-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, content);
        var blob = Run(null, "--git-dir=" + bareRepo, "hash-object", "-w", file);
        File.Delete(file);
        var index = Path.Combine(Path.GetTempPath(), "brainrepo-index-" + Guid.NewGuid().ToString("N"));
        var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        var parent = TryRun(bareRepo, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch);
        if (parent is not null)
        {
            RunWithEnv(null, env, "--git-dir=" + bareRepo, "read-tree", parent);
        }

        RunWithEnv(null, env, "--git-dir=" + bareRepo, "update-index", "--add", "--cacheinfo", "100644," + blob + "," + path);
        var tree = RunWithEnv(null, env, "--git-dir=" + bareRepo, "write-tree");
        File.Delete(index);
        if (at is not null)
        {
            var date = at.Value.ToUnixTimeSeconds() + " +0000";
            env["GIT_AUTHOR_DATE"] = date;
            env["GIT_COMMITTER_DATE"] = date;
        }

        var args = new List<string> { "--git-dir=" + bareRepo, "commit-tree", tree, "-m", "snapshot " + path };
        if (parent is not null)
        {
            args.Add("-p");
            args.Add(parent);
        }

        var commit = RunWithEnv(null, env, [.. args]);
        Run(null, "--git-dir=" + bareRepo, "update-ref", "refs/heads/" + branch, commit);
        return commit;
    }

    public static string? TryRun(string bareRepo, params string[] arguments)
    {
        try
        {
            return Run(null, ["--git-dir=" + bareRepo, .. arguments]);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static string RevParse(string bareRepo, string rev) => Run(null, "--git-dir=" + bareRepo, "rev-parse", rev);

    /// <summary>Simulates another machine: clones the remote, commits a file, pushes.</summary>
    public static string PushFromAnotherClone(string remoteUrl, string workDir, string file, string content, IDictionary<string, string>? env = null)
    {
        RunWithEnv(null, env, "clone", "-q", remoteUrl, workDir);
        File.WriteAllText(Path.Combine(workDir, file), content);
        Run(workDir, "add", file);
        Run(workDir, "commit", "-q", "-m", "edit on another machine");
        RunWithEnv(workDir, env, "push", "-q", "origin", "HEAD:main");
        return Run(workDir, "rev-parse", "HEAD");
    }

    public static void InstallHook(string bareRepo, string name, string script)
    {
        var path = Path.Combine(bareRepo, "hooks", name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

using System.Text;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>Helpers shared by the restore tests: Core-level restores and a fingerprint of a folder's contents.</summary>
internal static class RestoreTestKit
{
    public static RestorePlan Plan(TestWorkspace ws, string target, RestoreOptions? options = null, string snapshot = "HEAD")
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var runner = new RestoreRunner(repo, TimeProvider.System, NullLogger.Instance);
        return runner.Plan(new RestoreRequest { Commit = repo.Resolve(snapshot)!, TargetRoot = target, Policy = ws.Config.Policy, Options = options ?? new RestoreOptions() }, null, CancellationToken.None);
    }

    public static RestoreResult Restore(TestWorkspace ws, string target, RestoreOptions? options = null, string snapshot = "HEAD")
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var runner = new RestoreRunner(repo, TimeProvider.System, NullLogger.Instance);
        var plan = runner.Plan(new RestoreRequest { Commit = repo.Resolve(snapshot)!, TargetRoot = target, Policy = ws.Config.Policy, Options = options ?? new RestoreOptions() }, null, CancellationToken.None);
        return runner.Execute(plan, null, null, null, CancellationToken.None);
    }

    /// <summary>
    /// Every entry below <paramref name="root"/> (never following symlinks): path, kind, mode and content or link text.
    /// <paramref name="except"/> names one folder below the root to leave out, contents and all.
    /// </summary>
    public static string Fingerprint(string root, string? except = null)
    {
        if (!Directory.Exists(root))
        {
            return "(missing)";
        }

        var sb = new StringBuilder();
        var stack = new Stack<string>();
        stack.Push(root);
        var entries = new List<string>();
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var path in Directory.EnumerateFileSystemEntries(dir))
            {
                var info = new FileInfo(path);
                var rel = Path.GetRelativePath(root, path);
                if (info.LinkTarget is not null)
                {
                    entries.Add($"{rel} -> {info.LinkTarget}");
                }
                else if (Directory.Exists(path))
                {
                    entries.Add($"{rel}/");
                    if (!string.Equals(path, except, StringComparison.Ordinal))
                    {
                        stack.Push(path);
                    }
                }
                else
                {
                    var exec = (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0 ? "x" : "-";
                    entries.Add($"{rel} {exec} {Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(File.ReadAllBytes(path)))}");
                }
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return string.Join('\n', entries);
    }

    public static void MakeExecutable(string path) =>
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
}

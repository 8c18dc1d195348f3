using BrainRepo.Core.Model;
using System.Diagnostics;
using BrainRepo.Cli;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git;
using BrainRepo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console.Testing;

namespace BrainRepo.Core.Tests.Support;

/// <summary>A fresh temp folder per test with a workspace, a data folder and helpers to sync and inspect.</summary>
public sealed class TestWorkspace : IDisposable
{
    /// <param name="repositoryPath">Where the backup repository goes, relative to <see cref="Root"/>; null for the default, inside the data folder.</param>
    public TestWorkspace(string preset = Presets.None, string? configOverride = null, string? repositoryPath = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "brainrepo-tests", Guid.NewGuid().ToString("N"));
        Workspace = Path.Combine(Root, "ws");
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Workspace);
        Config = new WorkspaceRegistry(Home).Register(Workspace, repositoryPath is null ? null : Path.Combine(Root, repositoryPath), preset, force: false);
        GitBackupRepository.CreateOrOpen(Config.RepositoryPath, CancellationToken.None).Dispose(); // as 'brainrepo init' does
        if (configOverride is not null)
        {
            RewriteConfig(configOverride);
        }
    }

    public string Root { get; }

    public string Workspace { get; }

    public string Home { get; }

    public WorkspaceConfig Config { get; private set; }

    /// <summary>Environment variables the in-process CLI sees instead of the real ones (null hides a real one).</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Appends TOML lines to the generated config (replacing keys with the same name).</summary>
    public void RewriteConfig(string toml)
    {
        var lines = File.ReadAllLines(Config.ConfigFile).ToList();
        var insertAt = lines.FindIndex(l => l.StartsWith("[mass_delete]", StringComparison.Ordinal));
        foreach (var line in toml.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = line.Split('=')[0].Trim();
            var existing = lines.FindIndex(l => l.Split('=')[0].Trim() == key && !l.StartsWith('#'));
            if (existing >= 0)
            {
                lines[existing] = line;
            }
            else
            {
                lines.Insert(insertAt, line);
            }
        }

        File.WriteAllLines(Config.ConfigFile, lines);
        Config = WorkspaceConfigLoader.Load(Config.ConfigFile);
    }

    public string PathOf(string relative) => Path.Combine(Workspace, relative);

    public void Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Delete(string relative) => File.Delete(PathOf(relative));

    public SyncResult Sync(SyncOptions? options = null, CancellationToken cancellationToken = default, IProgress<SyncProgress>? progress = null, Core.Secrets.ISecretScanner? scanner = null)
    {
        using var repo = GitBackupRepository.CreateOrOpen(Config.RepositoryPath, cancellationToken);
        using var state = new SqliteStateStore(Config.StateDatabase);
        var engine = new SnapshotEngine(Config, repo, state, TimeProvider.System, NullLogger.Instance, scanner);
        return engine.Run(options ?? new SyncOptions(), progress, cancellationToken);
    }

    /// <summary>The snapshot branch's commit; null before the first snapshot or when the repository is missing (never creates it).</summary>
    public string? Head()
    {
        if (GitBackupRepository.IsAbsentOrEmpty(Config.RepositoryPath))
        {
            return null;
        }

        using var repo = GitBackupRepository.Open(Config.RepositoryPath);
        return repo.Head();
    }

    public Dictionary<string, TrackedFile> SnapshotFiles(string? commit = null)
    {
        using var repo = GitBackupRepository.Open(Config.RepositoryPath);
        return repo.ReadFiles(commit ?? repo.Head()!, CancellationToken.None);
    }

    public SnapshotReport Report(string? commit = null)
    {
        using var repo = GitBackupRepository.Open(Config.RepositoryPath);
        return repo.ReadReport(commit ?? repo.Head()!)!;
    }

    public string ReadStored(string relative)
    {
        var file = SnapshotFiles()[relative];
        using var repo = GitBackupRepository.Open(Config.RepositoryPath);
        return System.Text.Encoding.UTF8.GetString(repo.ReadBlobVerified(file.BlobId));
    }

    /// <summary>Runs the CLI in-process with test consoles; returns the exit code and what it printed.</summary>
    public async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        var output = new TestConsole();
        output.Profile.Width = 200;
        var error = new TestConsole();
        error.Profile.Width = 200;
        var context = new CliContext
        {
            Out = output,
            Err = error,
            GetEnvironment = name => name == DataDirectory.EnvironmentVariable ? Home
                : Environment.TryGetValue(name, out var value) ? value
                : System.Environment.GetEnvironmentVariable(name),
            CurrentDirectory = Workspace,
            LoggerFactory = NullLoggerFactory.Instance,
        };
        var exit = await BrainRepoApp.RunAsync(args, context, CancellationToken.None);
        return (exit, output.Output, error.Output);
    }

    /// <summary>Runs the git CLI against the backup repository.</summary>
    public (int Exit, string Out, string Err) Git(params string[] args) => GitWithInput(null, args);

    /// <summary>Runs the git CLI against the backup repository, with <paramref name="input"/> on its standard input.</summary>
    public (int Exit, string Out, string Err) GitWithInput(string? input, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--git-dir=" + Config.RepositoryPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        if (input is not null)
        {
            p.StandardInput.Write(input);
            p.StandardInput.Close();
        }

        var o = p.StandardOutput.ReadToEnd();
        var e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, o, e);
    }

    public int PackCount() =>
        Directory.Exists(Path.Combine(Config.RepositoryPath, "objects", "pack"))
            ? Directory.GetFiles(Path.Combine(Config.RepositoryPath, "objects", "pack"), "*.pack").Length
            : 0;

    public void Dispose()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

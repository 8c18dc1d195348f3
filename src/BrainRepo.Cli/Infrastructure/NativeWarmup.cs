using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Loads and initializes the native libraries a command needs (OpenSSL for hashing, libgit2, SQLite) on a
/// background thread as the process starts, while the main thread parses the command line and reads the
/// configuration. Each costs several milliseconds (loading, relocating, first-use set-up) and they do not
/// depend on each other, so on a machine with a second core a one-shot command stops paying for them in turn.
/// Nothing here is required: a library that fails to load fails again, with its real error, where it is used.
/// </summary>
public static class NativeWarmup
{
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "sync", "status", "log", "ls", "report", "snapshots", "restore", "verify", "push", "tag", "milestone", "forget",
    };

    /// <summary>Starts the warm-up for the commands that use the libraries. Returns the work (for tests), or null.</summary>
    public static Task? Begin(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Commands.Contains(args[0]) || Environment.ProcessorCount < 2)
        {
            return null;
        }

        return Task.Run(Warm);
    }

    private static void Warm()
    {
        Try(() => SHA1.HashData(ReadOnlySpan<byte>.Empty));
        Try(() => _ = LibGit2Sharp.GlobalSettings.Version.InformationalVersion);
        Try(() =>
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
        });
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a head start: the real use reports the real error.
        }
    }
}

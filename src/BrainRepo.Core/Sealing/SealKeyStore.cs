using System.Text;

namespace BrainRepo.Core.Sealing;

/// <summary>
/// Finds the seal key: the environment variable <see cref="EnvironmentVariable"/> (base64 of 32 bytes) wins;
/// otherwise the key file (base64 and a newline, mode 0600), created on first use when asked to.
/// The key is never stored in the backup repository: it must survive the loss of the machine separately.
/// </summary>
public sealed class SealKeyStore(string keyFile, Func<string, string?>? getEnvironment = null)
{
    public const string EnvironmentVariable = "BRAINREPO_SEAL_KEY";

    /// <summary>The default key file of a workspace: next to its configuration in the data folder.</summary>
    public const string DefaultFileName = "seal.key";

    private readonly Func<string, string?> environment = getEnvironment ?? Environment.GetEnvironmentVariable;

    public string KeyFile { get; } = keyFile;

    /// <summary>The key, or null when there is none (no variable, no file) and <paramref name="createIfMissing"/> is false.</summary>
    public LoadedSealKey? Load(bool createIfMissing)
    {
        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new LoadedSealKey(SealKey.Parse(fromEnvironment, $"The environment variable {EnvironmentVariable}"), SealKeySource.Environment, EnvironmentVariable);
        }

        var existing = ReadFile(KeyFile);
        if (existing is not null)
        {
            return new LoadedSealKey(existing, SealKeySource.File, KeyFile);
        }

        return createIfMissing ? new LoadedSealKey(Create(KeyFile), SealKeySource.Created, KeyFile) : null;
    }

    /// <summary>Reads a key file; null when it does not exist. A malformed or unreadable file is an error naming the file.</summary>
    public static SealKey? ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SealKeyException($"The seal key file {path} cannot be read ({ex.GetType().Name}).");
        }

        return SealKey.Parse(text, $"The seal key file {path}");
    }

    private static SealKey Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var key = SealKey.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(key.Export() + "\n"));
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, so both seal under one key.
            return ReadFile(path) ?? throw new SealKeyException($"The seal key file {path} vanished while it was being created.");
        }

        return key;
    }
}

using System.Security.Cryptography;

namespace BrainRepo.Git.Remote;

/// <summary>
/// A private (0700) temporary folder holding a tiny askpass script. The script prints the username or the
/// token from environment variables of the git child process; neither is ever written to disk or to argv.
/// </summary>
internal sealed class AskPassSession : IDisposable
{
    public const string UsernameVariable = "BRAINREPO_ASKPASS_USERNAME";
    public const string TokenVariable = "BRAINREPO_ASKPASS_TOKEN";

    private const string Script = """
        #!/bin/sh
        case "$1" in
          [Uu]sername*) printf '%s\n' "$BRAINREPO_ASKPASS_USERNAME" ;;
          *) printf '%s\n' "$BRAINREPO_ASKPASS_TOKEN" ;;
        esac

        """;

    private AskPassSession(string directory, string scriptPath)
    {
        Directory = directory;
        ScriptPath = scriptPath;
    }

    public string Directory { get; }

    public string ScriptPath { get; }

    public static AskPassSession Create()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Token-based push needs a POSIX shell for the askpass helper.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "brainrepo-askpass-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant());
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var scriptPath = Path.Combine(directory, "askpass.sh");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
        };
        using (var stream = new FileStream(scriptPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Script.Replace("\r\n", "\n", StringComparison.Ordinal));
        }

        return new AskPassSession(directory, scriptPath);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

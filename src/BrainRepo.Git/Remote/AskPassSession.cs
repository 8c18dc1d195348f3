using System.Globalization;
using System.Security.Cryptography;

namespace BrainRepo.Git.Remote;

/// <summary>
/// A private (0700) temporary folder holding a tiny askpass script. The script prints the username or the
/// token from environment variables of the git child process; neither is ever written to disk or to argv.
/// The folder is named <c>brainrepo-askpass-&lt;pid namespace&gt;-&lt;pid&gt;-&lt;start time&gt;-&lt;random&gt;</c> after
/// the process that made it, so that one left behind by a killed process can be recognised and removed.
/// </summary>
internal sealed partial class AskPassSession : IDisposable
{
    public const string UsernameVariable = "BRAINREPO_ASKPASS_USERNAME";
    public const string TokenVariable = "BRAINREPO_ASKPASS_TOKEN";

    /// <summary>The start of every askpass folder's name.</summary>
    public const string FolderPrefix = "brainrepo-askpass-";

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

    /// <summary>Removes the stale askpass folders of dead processes (see <see cref="RemoveStale"/>), then makes a new one.</summary>
    public static AskPassSession Create()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Token-based push needs a POSIX shell for the askpass helper.");
        }

        var temp = Path.GetTempPath();
        RemoveStale(temp);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{FolderPrefix}{OwnPidNamespace}-{Environment.ProcessId}-{OwnStartTime}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant()}");
        var directory = Path.Combine(temp, name);
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

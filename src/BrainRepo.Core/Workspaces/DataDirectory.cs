namespace BrainRepo.Core.Workspaces;

/// <summary>
/// Where BrainRepo keeps its own data: <c>$BRAINREPO_HOME</c>, else <c>$XDG_DATA_HOME/brainrepo</c>,
/// else <c>~/.local/share/brainrepo</c>.
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "BRAINREPO_HOME";

    public static string Resolve(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        var explicitHome = getEnvironment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitHome))
        {
            return Path.GetFullPath(explicitHome);
        }

        var xdg = getEnvironment("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "brainrepo");
        }

        var home = getEnvironment("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".local", "share", "brainrepo");
    }
}

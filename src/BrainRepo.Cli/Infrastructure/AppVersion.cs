using System.Reflection;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// The version <c>brainrepo --version</c> prints: the assembly's informational version, which the .NET SDK
/// makes <c>VersionPrefix+commit</c> when it builds from a git checkout, so a bug report names the exact build.
/// </summary>
public static class AppVersion
{
    /// <summary>For example <c>0.6.0+40384c6a…</c>, or <c>0.6.0</c> when built outside git.</summary>
    public static string Current { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AppVersion).Assembly.GetName().Version?.ToString(3)
        ?? "unknown";
}

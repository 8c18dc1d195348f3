namespace BrainRepo.Core.Workspaces;

/// <summary>Named starting points for a workspace's policy.</summary>
public static class Presets
{
    public const string None = "none";
    public const string EvoNexus = "evonexus";

    public static IReadOnlyList<string> Names { get; } = [None, EvoNexus];

    /// <summary>Returns the policy for <paramref name="name"/>, or throws a config error naming the valid presets.</summary>
    public static PolicyOptions Get(string name) => name switch
    {
        None => new PolicyOptions(),
        EvoNexus => new PolicyOptions
        {
            WatchPaths = ["memory", "workspace", "customizations", "config-safe"],
            ExcludePaths = ["memory/raw-transcripts", "workspace/projects"],
        },
        _ => throw new Errors.ConfigException(
            $"Unknown preset '{name}'. Fix: use one of: {string.Join(", ", Names)}.", key: "preset"),
    };
}

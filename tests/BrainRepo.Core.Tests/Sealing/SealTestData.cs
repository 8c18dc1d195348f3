namespace BrainRepo.Core.Tests.Sealing;

/// <summary>Shared inputs of the seal tests.</summary>
internal static class SealTestData
{
    /// <summary>A GitHub-token look-alike, built at run time so the repository holds nothing that looks like a live token.</summary>
    public static readonly string Token = "ghp_" + new string([.. Enumerable.Range(0, 36).Select(i => "aB3xK9zQmP7wR2tY5uI8oL1kJ4hG6fD0sA"[(i * 7) % 34])]);

    /// <summary>A line that is not secret but unique, to prove the whole file (not only the secret) is encrypted.</summary>
    public const string Marker = "NOTE=plain-marker-7f3e9a";

    public static string File => $"{Marker}\nGITHUB_TOKEN={Token}\nREGION=eu\n";
}

namespace BrainRepo.Core.Coordination;

/// <summary>Answers whether a git process runs in a repository (so its lock files may be live).</summary>
public interface IGitProcessProbe
{
    /// <summary>True when a git process has its working directory inside <paramref name="directory"/>.</summary>
    bool IsGitRunningIn(string directory);
}

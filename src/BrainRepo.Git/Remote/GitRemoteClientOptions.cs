namespace BrainRepo.Git.Remote;

/// <summary>Settings of <see cref="GitRemoteClient"/> and <see cref="GitSnapshotTags"/>.</summary>
public sealed record GitRemoteClientOptions
{
    /// <summary>The git executable (when the client is not given a <see cref="GitProcessRunner"/> of its own).</summary>
    public string GitExecutable { get; init; } = "git";

    /// <summary>The branch that holds the snapshots.</summary>
    public string Branch { get; init; } = "main";

    /// <summary>The username sent with the token (HTTP basic auth). Most hosts accept any value with a token.</summary>
    public string Username { get; init; } = "x-access-token";

    /// <summary>Name recorded on merge commits and annotated tags.</summary>
    public string CommitterName { get; init; } = "BrainRepo";

    /// <summary>Email recorded on merge commits and annotated tags.</summary>
    public string CommitterEmail { get; init; } = "brainrepo@localhost";

    /// <summary>How many times to fetch-merge-push when the remote keeps moving ahead.</summary>
    public int MaxMergeAttempts { get; init; } = 3;

    /// <summary>Throws when a setting is out of range; returns the options for chaining.</summary>
    public GitRemoteClientOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(GitExecutable);
        ArgumentException.ThrowIfNullOrWhiteSpace(Username);
        ArgumentException.ThrowIfNullOrWhiteSpace(CommitterName);
        ArgumentException.ThrowIfNullOrWhiteSpace(CommitterEmail);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMergeAttempts, 1);
        if (!BrainRepo.Core.Remote.GitRefName.IsValid("refs/heads/" + Branch))
        {
            throw new ArgumentException("The branch name is not a valid git ref name.", nameof(Branch));
        }

        return this;
    }
}

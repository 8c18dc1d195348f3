namespace BrainRepo.Core.Errors;

/// <summary>
/// The backup repository is not where the configuration says (an unmounted disk, a moved folder, a changed
/// <c>repository</c> key): the folder is absent or empty. Nothing is created in its place without the user's
/// consent, so that an unmounted disk never turns into a new, empty history.
/// </summary>
public sealed class BackupRepositoryMissingException : BrainRepoException
{
    public BackupRepositoryMissingException(string path, string message, Exception? inner = null)
        : base(ErrorCodes.RepositoryCorrupt, message, inner: inner)
    {
        Path = path;
    }

    /// <summary>Where the backup repository was looked for.</summary>
    public string Path { get; }
}

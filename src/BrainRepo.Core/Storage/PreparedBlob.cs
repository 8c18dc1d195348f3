using BrainRepo.Core.Model;

namespace BrainRepo.Core.Storage;

/// <summary>
/// A blob that is hashed and compressed but not stored yet: <see cref="IObjectSink.Store"/> stores it,
/// and dropping it stores nothing. This lets a large file be compressed while the secret scanner still
/// reads it, without a withheld file's content ever reaching the repository.
/// </summary>
public abstract class PreparedBlob
{
    /// <summary>The blob's object id (40 lowercase hex digits).</summary>
    public abstract string Id { get; }
}

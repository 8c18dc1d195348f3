namespace BrainRepo.Core.Restore;

/// <summary>
/// A file the snapshot holds sealed. <paramref name="EnvelopeBlobId"/> is the stored object, <paramref name="KeyId"/>
/// the key it was sealed with; <paramref name="BlobId"/> is the git blob id of the decrypted file, which is what the
/// plan compares with the disk and what the written file is verified against.
/// </summary>
public sealed record SealedRestoreFile(string Path, string EnvelopeBlobId, string KeyId, string BlobId);

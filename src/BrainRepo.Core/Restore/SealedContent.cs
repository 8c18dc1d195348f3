using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Restore;

/// <summary>
/// The plan-time half of restoring sealed files. Every sealed file under the restored paths is read and
/// decrypted before anything is written, so a missing or wrong key, a tampered envelope or one moved to
/// another path refuses the whole restore up front. The files the planner sees then carry the decrypted
/// file's blob id and size, so "unchanged" is judged on real content and each written file is verified
/// against the decrypted bytes. The execute-time half is <see cref="Reader"/>.
/// </summary>
internal static class SealedContent
{
    /// <summary>
    /// Checks and decrypts the sealed files of <paramref name="content"/>. With <paramref name="skipUnopenable"/>, a file sealed
    /// under a key that is not available is listed in Skipped instead of refusing the restore.
    /// </summary>
    public static (SnapshotContent Content, IReadOnlyList<SealedRestoreFile> Sealed, IReadOnlyList<string> Skipped) Resolve(
        IBackupRepository repository,
        SnapshotContent content,
        IReadOnlyList<ReportEntry> reportEntries,
        SealKey? key,
        bool skipUnopenable,
        CancellationToken cancellationToken)
    {
        // Sealed files, and any file kept at an older version: an older version may be a sealed one.
        var candidates = reportEntries
            .Where(e => !e.IsDirectory && (e.Disposition == Disposition.SealedSecret || e.CarriedBlob is not null))
            .GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Any(e => e.Disposition == Disposition.SealedSecret), StringComparer.Ordinal);
        if (candidates.Count == 0)
        {
            return (content, [], []);
        }

        var files = new List<SnapshotEntry>(content.Files.Count);
        var problems = new List<RestoreProblem>(content.Problems);
        var sealedFiles = new List<SealedRestoreFile>();
        var skipped = new List<string>();
        foreach (var file in content.Files)
        {
            if (!candidates.TryGetValue(file.Path, out var reportedSealed) || file.Mode == GitFileMode.Symlink)
            {
                files.Add(file);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var envelope = repository.ReadBlobVerified(file.BlobId);
            if (!SealedEnvelope.IsEnvelope(envelope))
            {
                if (reportedSealed)
                {
                    problems.Add(new RestoreProblem(file.Path, "the report says it is sealed, but the stored object is not a sealed envelope"));
                }

                files.Add(file);
                continue;
            }

            var keyId = SealedEnvelope.KeyIdOf(envelope)!;
            if (skipUnopenable && keyId != key?.Id)
            {
                skipped.Add(file.Path); // stays in the content, so --delete never removes it; its action is dropped later
                files.Add(file);
                continue;
            }

            if (key is null)
            {
                problems.Add(new RestoreProblem(file.Path, $"is sealed with key {keyId}, and no seal key was given (--seal-key-file FILE or {SealKeyStore.EnvironmentVariable})"));
                files.Add(file);
                continue;
            }

            try
            {
                var plain = SealedEnvelope.Open(key, file.Path, envelope);
                var blobId = GitBlobHash.Of(plain);
                sealedFiles.Add(new SealedRestoreFile(file.Path, file.BlobId, keyId, blobId));
                files.Add(file with { BlobId = blobId, Size = plain.Length });
            }
            catch (SealedEnvelopeException ex)
            {
                var prefix = $"'{file.Path}' ";
                problems.Add(new RestoreProblem(file.Path, ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message));
                files.Add(file);
            }
        }

        var total = files.Sum(f => f.Size);
        return (new SnapshotContent(files, problems, total), sealedFiles, skipped);
    }

    /// <summary>
    /// The executor's content hook: a sealed action's bytes are its envelope, opened again (and so authenticated
    /// again) with the key; other actions return null and are read as stored.
    /// </summary>
    public static Func<RestoreAction, byte[]?>? Reader(IBackupRepository repository, IReadOnlyList<SealedRestoreFile> sealedFiles, SealKey? key)
    {
        if (sealedFiles.Count == 0)
        {
            return null;
        }

        var byPath = sealedFiles.ToDictionary(s => s.Path, StringComparer.Ordinal);
        return action => byPath.TryGetValue(action.Path, out var s) && s.BlobId == action.BlobId
            ? SealedEnvelope.Open(key ?? throw new SealKeyException("A sealed file is being restored without a seal key."), s.Path, repository.ReadBlob(s.EnvelopeBlobId))
            : null;
    }
}

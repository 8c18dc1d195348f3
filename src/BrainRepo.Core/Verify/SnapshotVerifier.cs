using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using System.IO.Enumeration;
using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Verify;

/// <summary>
/// The disk-versus-backup sweep. It deliberately does not reuse the sync's policy or stat cache:
/// it walks the disk raw (pruning only the folders the snapshot's own report excludes), re-hashes
/// every file, and checks each one against the snapshot's tree or its report. It then reads every
/// stored object back and checks its hash. "Nothing wrong" therefore means exactly that.
/// A sealed file is decrypted with <paramref name="sealKey"/> and compared with the disk; without the key its
/// content is counted as not checked (and said so), never as a silent pass.
/// </summary>
public sealed class SnapshotVerifier(string workspaceRoot, IBackupRepository repository, SealKey? sealKey = null)
{
    public VerifyResult Verify(string commitId, CancellationToken cancellationToken)
    {
        var files = repository.ReadFiles(commitId, cancellationToken);
        var report = repository.ReadReport(commitId)
            ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Snapshot {commitId[..12]} has no report ({SnapshotReport.TreePath}); it was not written by BrainRepo or is damaged.");
        var byPath = report.Entries.Where(e => !e.IsDirectory && e.PathFingerprint is null).GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // An entry whose path holds a secret shows it redacted: it is matched by its path's fingerprint instead.
        var byPathFingerprint = report.Entries.Where(e => !e.IsDirectory && e.PathFingerprint is not null).GroupBy(e => e.PathFingerprint!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var folders = report.Entries.Where(e => e.IsDirectory).ToList();

        var unaccounted = new List<VerifyFinding>();
        var notes = new List<VerifyFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int onDisk = 0, matched = 0, byReport = 0, sealedChecked = 0, sealedNotChecked = 0;
        var toHash = new List<(string Path, EntryKind Kind, bool Executable, TrackedFile Stored)>();

        foreach (var watch in report.WatchPaths)
        {
            foreach (var (path, kind, executable) in WalkRaw(watch, folders, notes, cancellationToken))
            {
                onDisk++;
                seen.Add(path);
                if (byPath.TryGetValue(path, out var entry))
                {
                    byReport++;
                    if (entry.Disposition == Disposition.SealedSecret && files.TryGetValue(path, out var sealedFile))
                    {
                        if (CheckSealed(path, kind, sealedFile, unaccounted, notes))
                        {
                            sealedChecked++;
                        }
                        else
                        {
                            sealedNotChecked++;
                        }
                    }

                    continue;
                }

                if (byPathFingerprint.Count > 0 && !files.ContainsKey(path) && byPathFingerprint.ContainsKey(Secrets.SecretNames.PathFingerprint(path)))
                {
                    byReport++;
                    continue;
                }

                if (!files.TryGetValue(path, out var stored))
                {
                    unaccounted.Add(new VerifyFinding(path, "on disk, but neither in the snapshot nor in its report (new since the snapshot?)") { ChangedSinceSnapshot = true });
                    continue;
                }

                toHash.Add((path, kind, executable, stored));
            }
        }

        // Re-hashing every stored file is the bulk of the work: done in parallel, judged in walk order.
        var hashes = new string?[toHash.Count];
        Parallel.For(0, toHash.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
            hashes[i] = HashOnDisk(toHash[i].Path, toHash[i].Kind));
        for (var i = 0; i < toHash.Count; i++)
        {
            var (path, kind, executable, stored) = toHash[i];
            var actual = hashes[i];
            if (actual is null)
            {
                unaccounted.Add(new VerifyFinding(path, "cannot be read now to compare with the snapshot"));
            }
            else if (actual != stored.BlobId)
            {
                unaccounted.Add(new VerifyFinding(path, "content on disk differs from the snapshot") { ChangedSinceSnapshot = true });
            }
            else if (ExpectedMode(kind, executable) != stored.Mode)
            {
                unaccounted.Add(new VerifyFinding(path, $"mode on disk differs from the snapshot ({GitFileMode.ToOctal(stored.Mode)})") { ChangedSinceSnapshot = true });
            }
            else
            {
                matched++;
            }
        }

        foreach (var path in files.Keys)
        {
            if (!seen.Contains(path) && !byPath.ContainsKey(path))
            {
                notes.Add(new VerifyFinding(path, "in the snapshot, no longer on disk"));
            }
        }

        var objects = files.Values.DistinctBy(f => f.BlobId).ToList();
        var corrupt = CheckObjects(objects, cancellationToken);
        var verified = objects.Count - corrupt.Count;

        return new VerifyResult(commitId, onDisk, matched, byReport, verified, unaccounted, corrupt, notes, sealedChecked, sealedNotChecked);
    }

    /// <summary>
    /// Reads every object back and checks its hash, on every core: each thread reads into a buffer of its
    /// own (<see cref="IBackupRepository.ReadBlob(string, long, ref byte[])"/>) and hashes it. A missing,
    /// unreadable or corrupt object is named with its path; the others are still checked.
    /// </summary>
    private List<VerifyFinding> CheckObjects(List<TrackedFile> objects, CancellationToken cancellationToken)
    {
        var problems = new string?[objects.Count];
        Parallel.For(
            0,
            objects.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            () => Array.Empty<byte>(),
            (i, _, buffer) =>
            {
                var id = objects[i].BlobId;
                try
                {
                    var length = repository.ReadBlob(id, Array.MaxLength, ref buffer);
                    var actual = Restore.GitBlobHash.Of(buffer.AsSpan(0, length));
                    if (actual != id)
                    {
                        problems[i] = $"Object {id} is corrupt: its content hashes to {actual}.";
                    }
                }
                catch (BrainRepoException ex)
                {
                    problems[i] = ex.Message;
                }

                return buffer;
            },
            _ => { });
        return problems.Select((p, i) => p is null ? null : new VerifyFinding(objects[i].Path, p)).OfType<VerifyFinding>().ToList();
    }

    /// <summary>Decrypts a sealed file's stored copy and compares it with the disk; false when it could not be checked.</summary>
    private bool CheckSealed(string path, EntryKind kind, TrackedFile stored, List<VerifyFinding> unaccounted, List<VerifyFinding> notes)
    {
        if (sealKey is null)
        {
            notes.Add(new VerifyFinding(path, "sealed: content not checked (no seal key; set BRAINREPO_SEAL_KEY or restore the key file)"));
            return false;
        }

        byte[] plain;
        try
        {
            plain = SealedEnvelope.Open(sealKey, path, repository.ReadBlobVerified(stored.BlobId));
        }
        catch (SealedEnvelopeException ex)
        {
            unaccounted.Add(new VerifyFinding(path, "sealed copy cannot be opened: " + ex.Message));
            return false;
        }
        catch (BrainRepoException)
        {
            return false; // a corrupt object: reported by the object pass below
        }

        var actual = HashOnDisk(path, kind);
        if (actual is null)
        {
            unaccounted.Add(new VerifyFinding(path, "cannot be read now to compare with the sealed copy"));
        }
        else if (actual != Restore.GitBlobHash.Of(plain))
        {
            unaccounted.Add(new VerifyFinding(path, "content on disk differs from the sealed copy") { ChangedSinceSnapshot = true });
        }

        return true;
    }

    private IEnumerable<(string Path, EntryKind Kind, bool Executable)> WalkRaw(string watch, List<ReportEntry> folders, List<VerifyFinding> notes, CancellationToken cancellationToken)
    {
        // A folder whose name holds a secret is listed redacted: it is recognised by its path's fingerprint.
        var redactedFolders = folders.Where(f => f.PathFingerprint is not null).Select(f => f.PathFingerprint!).ToHashSet(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(watch);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = stack.Pop();
            if (dir.Length > 0 && (folders.Any(f => RelativePath.IsUnder(dir, f.Path) && f.PathFingerprint is null)
                || (redactedFolders.Count > 0 && redactedFolders.Contains(Secrets.SecretNames.PathFingerprint(dir)))))
            {
                continue;
            }

            List<string> names;
            try
            {
                names = new FileSystemEnumerable<string>(RelativePath.ToAbsolute(workspaceRoot, dir), (ref FileSystemEntry e) => e.FileName.ToString(), new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notes.Add(new VerifyFinding(dir.Length == 0 ? "." : dir, "folder cannot be listed now"));
                continue;
            }

            foreach (var name in names)
            {
                var path = RelativePath.Combine(dir, name);
                var stat = NativeStat.LStat(RelativePath.ToAbsolute(workspaceRoot, path));
                if (!stat.Exists)
                {
                    continue;
                }

                if (stat.Kind == EntryKind.Directory)
                {
                    stack.Push(path);
                }
                else if (!folders.Any(f => RelativePath.IsUnder(path, f.Path) && f.PathFingerprint is null))
                {
                    yield return (path, stat.Kind, stat.Executable);
                }
            }
        }
    }

    private string? HashOnDisk(string path, EntryKind kind)
    {
        var absolute = RelativePath.ToAbsolute(workspaceRoot, path);
        try
        {
            // A regular file is hashed streaming (pooled buffer), not loaded whole: verify runs in parallel.
            return kind == EntryKind.Symlink
                ? Restore.GitBlobHash.Of(Encoding.UTF8.GetBytes(new FileInfo(absolute).LinkTarget ?? ""))
                : Restore.GitBlobHash.OfFile(absolute);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ExpectedMode(EntryKind kind, bool executable) =>
        kind == EntryKind.Symlink ? GitFileMode.Symlink : kind == EntryKind.File ? (executable ? GitFileMode.Executable : GitFileMode.Regular) : -1;
}

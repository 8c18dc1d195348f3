using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Snapshots;

public sealed partial class SnapshotEngine
{
    /// <summary>Turns the walk's own entries (excluded, credential caches, unreadable) into report entries.</summary>
    private static void ClassifyWalkedEntries(SyncWork work)
    {
        foreach (var entry in work.Inventory.Entries)
        {
            if (entry.Disposition == Disposition.Unreadable && !entry.IsDirectory)
            {
                work.CarryForward(entry.Path, Disposition.Unreadable, entry.Rule, entry.Detail);
                continue;
            }

            var shown = entry;
            if (work.NameHits.GetValueOrDefault(entry.Path) is { } name)
            {
                // Not stored anyway (excluded, a credential cache, unreadable): only its path must not show the secret.
                shown = entry with { Path = name.DisplayPath, PathFingerprint = name.PathFingerprint, Fingerprints = name.Fingerprints };
            }

            if (entry.Disposition == Disposition.CredentialCache && HasBaselineUnder(work.Baseline, entry.Path))
            {
                work.Entries.Add(shown with { Detail = "an earlier copy was removed from this snapshot" });
            }
            else
            {
                work.Entries.Add(shown);
            }

            work.Handled.Add(entry.Path);
        }

        foreach (var (path, reason) in work.Inventory.MissingWatchPaths)
        {
            work.Entries.Add(new ReportEntry(path, Disposition.WatchPathMissing, "watch_paths", IsDirectory: true, Detail: reason));
            work.Problems.Add($"watch path '{Display(path)}' {reason}: its files from the previous snapshot are kept");
        }

        foreach (var dir in work.Inventory.UnreadableDirectories)
        {
            work.Problems.Add($"folder '{Display(work.Shown(dir))}' could not be listed: its files from the previous snapshot are kept");
        }
    }

    /// <summary>
    /// Reuses the stat cache: a file whose mode and stamp (size, mtime, ctime, inode) are unchanged keeps
    /// its blob without being read (a sealed one also keeps its report entry), unless the repository lost that blob; its names were scanned when it was stored,
    /// under the same rules (a change of rules makes every file read again). Names and oversize files are decided here, before any read.
    /// </summary>
    private List<WalkedFile> PickFilesToRead(SyncWork work, Dictionary<string, ReportEntry> sealedBefore)
    {
        var toRead = new List<WalkedFile>();
        // A walked file needs no entry in Handled: it ends up in NewFiles, or is carried forward or withheld (which
        // mark it handled themselves), or vanished during the read (and must be looked at again by the deletion pass).
        foreach (var file in work.Inventory.Files)
        {
            var mode = ModeOf(file);
            work.Baseline.Files.TryGetValue(file.Path, out var previous);
            // An unchanged file whose blob the repository has lost is read again, so that its content is stored again.
            if (previous is not null && previous.Mode == mode && previous.Stamp == file.Stamp && !work.MissingObjects.Contains(previous.BlobId))
            {
                work.NewFiles[file.Path] = previous;
                if (sealedBefore.TryGetValue(file.Path, out var sealedEntry))
                {
                    work.Entries.Add(sealedEntry); // unchanged, so sealed as before: not read, not re-encrypted
                }

                continue;
            }

            // New or changed (a renamed folder makes every path under it new): its names are scanned before anything else.
            if (work.NameHits.GetValueOrDefault(file.Path) is { } name)
            {
                work.WithholdName(file.Path, name);
                continue;
            }

            if (file.Kind == EntryKind.File && file.Stamp.Size > config.Policy.MaxFileSize)
            {
                work.CarryForward(file.Path, Disposition.TooLarge, "max_file_size:" + ByteSize.Format(config.Policy.MaxFileSize), $"{file.Stamp.Size} bytes");
                continue;
            }

            toRead.Add(file);
        }

        return toRead;
    }

    private static int ModeOf(WalkedFile file) =>
        file.Kind == EntryKind.Symlink ? GitFileMode.Symlink : file.Executable ? GitFileMode.Executable : GitFileMode.Regular;

    private static bool HasBaselineUnder(Baseline baseline, string path) =>
        baseline.Files.ContainsKey(path) || baseline.Files.Keys.Any(p => RelativePath.IsUnder(p, path));

    private static string Display(string path) => path.Length == 0 ? "." : path;
}

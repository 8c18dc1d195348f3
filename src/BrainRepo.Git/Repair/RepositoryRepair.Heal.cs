using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Policy;

namespace BrainRepo.Git.Repair;

public sealed partial class RepositoryRepair
{
    /// <summary>Files larger than this are not read to look for a lost blob (a snapshot never stores one: sync's size cap is far below).</summary>
    private const long MaxRestoreBytes = 1L << 30;

    /// <summary>
    /// Stores again each missing blob whose content the workspace still holds at a path where a snapshot had it
    /// (the content must hash to the blob's id). Returns those paths. Nothing outside the workspace is read: a path
    /// from the repository is followed only through real folders, never through a symlink.
    /// </summary>
    private List<string> RestoreFromDisk(History history, string workspaceRoot, CancellationToken cancellationToken)
    {
        if (history.MissingBlobs.Count == 0)
        {
            return [];
        }

        var candidates = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var node in history.Commits.Values.OfType<CommitNode>())
        {
            foreach (var lost in history.Lost(node.Tree).Where(l => l.Kind == "blob"))
            {
                if (!candidates.TryGetValue(lost.ObjectId, out var paths))
                {
                    candidates[lost.ObjectId] = paths = new SortedSet<string>(StringComparer.Ordinal);
                }

                paths.Add(lost.Path);
            }
        }

        var restored = new List<string>();
        using var pack = new PackWriter(Path.Combine(repository.ObjectsDirectory, "pack"));
        foreach (var (id, paths) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var path in paths)
            {
                if (ReadWorkspaceEntry(workspaceRoot, path) is not { } content)
                {
                    continue;
                }

                var raw = GitObjectFormat.HashObject(GitObjectType.Blob, content);
                if (GitObjectFormat.ToHex(raw) == id)
                {
                    pack.Append(raw, GitObjectType.Blob, content.Length, PackWriter.Compress(content));
                    restored.Add(path);
                    break;
                }
            }
        }

        if (restored.Count > 0)
        {
            pack.Complete(cancellationToken);
            repository.ReleaseObjectStore();
        }

        restored.Sort(StringComparer.Ordinal);
        return restored;
    }

    /// <summary>The content of a file (or a symlink's text) at a snapshot path in the workspace; null when there is none to read.</summary>
    private static byte[]? ReadWorkspaceEntry(string workspaceRoot, string path)
    {
        var parts = path.Split('/');
        if (parts[0] == SnapshotPolicy.ReservedFolder || parts.Any(p => p.Length == 0 || p is "." or ".." || p.Contains('\0', StringComparison.Ordinal) || p.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            return null;
        }

        var current = workspaceRoot;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            var folder = NativeStat.LStat(current);
            if (!folder.Exists || folder.Kind != EntryKind.Directory)
            {
                return null;
            }
        }

        var absolute = Path.Combine(current, parts[^1]);
        var stat = NativeStat.LStat(absolute);
        try
        {
            return stat switch
            {
                { Exists: true, Kind: EntryKind.Symlink } => new FileInfo(absolute).LinkTarget is { } target ? Encoding.UTF8.GetBytes(target) : null,
                { Exists: true, Kind: EntryKind.File } when stat.Stamp.Size <= MaxRestoreBytes => File.ReadAllBytes(absolute),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Keeps every broken ref under <c>refs/brainrepo/damaged/&lt;time&gt;/</c> (or deletes it when its commit is gone: a ref
    /// cannot name a missing object) and prunes reflog entries that point at damaged commits. When the branch was broken,
    /// it is now empty: the next sync takes the first snapshot of a new history.
    /// </summary>
    private RepairResult StartNewHistory(RepairResult result, History history, string stamp, CancellationToken cancellationToken)
    {
        var keep = DamagedRefPrefix + stamp;
        var moved = new List<string>();
        string? kept = null;
        var branchEmptied = false;
        foreach (var target in history.Refs.Where(r => result.BrokenRefs.Contains(r.Name)))
        {
            var isBranch = target.Name == GitBackupRepository.Branch;
            var destination = keep + "/" + (isBranch ? "main" : target.Name["refs/".Length..]);
            var (created, _, _) = GitCli.Run(null, ["--git-dir=" + repository.Path, "update-ref", "-m", "brainrepo repair", destination, target.Target, new string('0', 40)], cancellationToken);
            var (deleted, _, err) = GitCli.Run(null, ["--git-dir=" + repository.Path, "update-ref", "-m", "brainrepo repair", "-d", target.Name, target.Target], cancellationToken);
            if (deleted != 0)
            {
                throw new BrainRepoException(ErrorCodes.RepositoryConflict, $"Could not remove {target.Name} ({err.Trim()}); it moved meanwhile? Nothing else was changed for it. Run 'brainrepo repair --new-history' again.", isTransient: true);
            }

            moved.Add(created == 0 ? $"{target.Name} -> {destination}" : $"{target.Name} removed (it named {target.Target}, which is missing)");
            if (isBranch)
            {
                branchEmptied = true;
                kept = created == 0 ? destination : null;
            }
        }

        // Reflog entries that point at damaged commits make 'git fsck' and 'git gc' fail; the other entries stay.
        GitCli.Run(null, ["--git-dir=" + repository.Path, "reflog", "expire", "--stale-fix", "--expire=never", "--expire-unreachable=never", "--all"], cancellationToken);
        return result with { DamagedHistoryRef = kept, MovedRefs = moved, NewHistoryStarted = branchEmptied };
    }
}

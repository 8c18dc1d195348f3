using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using System.Text;
using BrainRepo.Core.Policy;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Reads a snapshot for restore straight from its raw tree objects, treating the repository as
/// untrusted: every name is judged before it becomes a path, and depth, entry count, sizes and modes
/// are bounded. Problems are collected, not thrown, so that a refusal can name all of them.
/// </summary>
public sealed class SnapshotTreeReader(IBackupRepository repository, RestoreOptions options)
{
    /// <summary>Longest symlink text accepted (PATH_MAX minus the terminator).</summary>
    public const int MaxLinkTarget = 4095;

    private const long MaxReportSize = 64L * 1024 * 1024;

    /// <summary>The report that travels with the snapshot, or null when it has none or it is unreadable.</summary>
    public SnapshotReport? ReadReport(string rootTree, CancellationToken cancellationToken)
    {
        var folder = repository.ReadRawTree(rootTree, cancellationToken)
            .FirstOrDefault(e => e.Mode == GitFileMode.Directory && e.Name.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(SnapshotPolicy.ReservedFolder)));
        if (folder is null)
        {
            return null;
        }

        var file = repository.ReadRawTree(folder.ObjectId, cancellationToken)
            .FirstOrDefault(e => e.Mode == GitFileMode.Regular && e.Name.AsSpan().SequenceEqual("report.json"u8));
        if (file is null || repository.BlobSize(file.ObjectId) is < 0 or > MaxReportSize)
        {
            return null;
        }

        try
        {
            return SnapshotReportJson.Parse(repository.ReadBlobVerified(file.ObjectId));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The files under <paramref name="scopes"/> (workspace-relative, "" for all), with every problem found.
    /// Trees are read level by level, each level through one stream (one tree in memory at a time), and
    /// the sizes of all blobs through one more: no round trip per object.
    /// </summary>
    public SnapshotContent ReadFiles(string rootTree, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var problems = new List<RestoreProblem>();
        var candidates = new List<(string Path, RawTreeEntry Entry)>();
        var entries = 0;
        var level = new List<(string Tree, string Path, int Depth)> { (rootTree, "", 0) };
        while (level.Count > 0)
        {
            var next = new List<(string Tree, string Path, int Depth)>();
            var i = 0;
            foreach (var tree in repository.ReadRawTrees(level.ConvertAll(l => l.Tree), cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (_, dir, depth) = level[i++];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var e in tree)
                {
                    if (++entries > options.MaxEntries)
                    {
                        problems.Add(new RestoreProblem(dir.Length == 0 ? "." : dir, $"the snapshot has more than {options.MaxEntries} entries under the restored paths"));
                        return new SnapshotContent([], problems, 0);
                    }

                    var name = TreeNameRules.Check(e.Name, out var why);
                    if (name is null)
                    {
                        problems.Add(new RestoreProblem(RelativePath.Combine(dir, TreeNameRules.Display(e.Name)), "the snapshot holds " + why));
                        continue;
                    }

                    if (dir.Length == 0 && name == SnapshotPolicy.ReservedFolder)
                    {
                        continue;
                    }

                    var path = RelativePath.Combine(dir, name);
                    if (!seen.Add(name))
                    {
                        problems.Add(new RestoreProblem(path, "the entry appears twice in its folder (for example as a symlink and as a folder)"));
                        continue;
                    }

                    var inScope = scopes.Any(s => RelativePath.IsUnder(path, s));
                    if (!inScope && !scopes.Any(s => RelativePath.IsUnder(s, path)))
                    {
                        continue;
                    }

                    switch (e.Mode)
                    {
                        case GitFileMode.Directory:
                            if (depth + 1 > options.MaxDepth)
                            {
                                problems.Add(new RestoreProblem(path, $"the tree is nested deeper than {options.MaxDepth} folders"));
                            }
                            else
                            {
                                next.Add((e.ObjectId, path, depth + 1));
                            }

                            break;
                        case GitFileMode.Regular or GitFileMode.Executable or GitFileMode.Symlink or LegacyGroupWritable when inScope:
                            candidates.Add((path, e));
                            break;
                        case GitFileMode.Regular or GitFileMode.Executable or GitFileMode.Symlink or LegacyGroupWritable:
                            break;
                        default:
                            problems.Add(new RestoreProblem(path, $"an entry with mode {GitFileMode.ToOctal(e.Mode)}, which restore does not write"));
                            break;
                    }
                }
            }

            level = next;
        }

        var files = new List<SnapshotEntry>(candidates.Count);
        long total = 0;
        var c = 0;
        foreach (var size in repository.BlobSizes(candidates.ConvertAll(x => x.Entry.ObjectId), cancellationToken))
        {
            var (path, e) = candidates[c++];
            var entry = ReadEntry(path, e, size, problems);
            if (entry is not null)
            {
                total += entry.Size;
                files.Add(entry);
            }
        }

        if (total > options.MaxTotalSize)
        {
            problems.Add(new RestoreProblem(scopes.Count == 1 && scopes[0].Length > 0 ? scopes[0] : ".", $"the restored files add up to {total} bytes, more than the {options.MaxTotalSize}-byte limit (raise it with --max-total-size)"));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new SnapshotContent(files, problems, total);
    }

    /// <summary>100664: a regular file in repositories written by very old git versions.</summary>
    private const int LegacyGroupWritable = 0x81B4;

    private SnapshotEntry? ReadEntry(string path, RawTreeEntry e, long size, List<RestoreProblem> problems)
    {
        if (size < 0)
        {
            problems.Add(new RestoreProblem(path, $"its object {e.ObjectId} is missing or not a blob"));
            return null;
        }

        if (size > options.MaxFileSize)
        {
            problems.Add(new RestoreProblem(path, $"a blob of {size} bytes, more than the {options.MaxFileSize}-byte limit per file (raise it with --max-file-size)"));
            return null;
        }

        if (e.Mode != GitFileMode.Symlink)
        {
            return new SnapshotEntry(path, e.Mode == GitFileMode.Executable ? GitFileMode.Executable : GitFileMode.Regular, e.ObjectId, size);
        }

        if (size is 0 or > MaxLinkTarget)
        {
            problems.Add(new RestoreProblem(path, "a symlink whose target is empty or longer than PATH_MAX"));
            return null;
        }

        var text = repository.ReadBlobVerified(e.ObjectId);
        string? target = null;
        if (text.AsSpan().IndexOf((byte)0) < 0)
        {
            try
            {
                target = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
            }
            catch (DecoderFallbackException)
            {
            }
        }

        if (target is null)
        {
            problems.Add(new RestoreProblem(path, "a symlink whose target contains NUL or is not valid UTF-8"));
            return null;
        }

        return new SnapshotEntry(path, GitFileMode.Symlink, e.ObjectId, size, target);
    }
}

using BrainRepo.Core.Model;
using System.Globalization;
using System.Text;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Git.Repair;

public sealed partial class RepositoryRepair
{
    private const long MaxCommitSize = 16L * 1024 * 1024;

    /// <summary>A commit as the walk needs it.</summary>
    private sealed record CommitNode(string Tree, IReadOnlyList<string> Parents, DateTimeOffset? Time);

    /// <summary>A ref, the object it names, and the commit that object leads to (the same, unless it is an annotated tag).</summary>
    private sealed record RefTarget(string Name, string Target, string Commit);

    /// <summary>Everything reachable from the branch and the tags, and what of it is missing.</summary>
    private sealed class History(List<RefTarget> refs, Dictionary<string, CommitNode?> commits, Dictionary<string, IReadOnlyList<RawTreeEntry>?> trees, HashSet<string> blobs, IReadOnlySet<string> missingBlobs)
    {
        private readonly Dictionary<string, List<LostObject>> lostUnder = new(StringComparer.Ordinal);

        public List<RefTarget> Refs { get; } = refs;

        /// <summary>Every commit reached; null for one that is missing or does not hash to its id.</summary>
        public Dictionary<string, CommitNode?> Commits { get; } = commits;

        /// <summary>Every tree reached; null for one that is missing or does not hash to its id.</summary>
        public Dictionary<string, IReadOnlyList<RawTreeEntry>?> Trees { get; } = trees;

        public HashSet<string> Blobs { get; } = blobs;

        public IReadOnlySet<string> MissingBlobs { get; } = missingBlobs;

        /// <summary>What is missing below a tree, with paths relative to it ("" for the tree itself). Shared subtrees are worked out once.</summary>
        public List<LostObject> Lost(string treeId)
        {
            if (lostUnder.TryGetValue(treeId, out var known))
            {
                return known;
            }

            var lost = new List<LostObject>();
            if (Trees.GetValueOrDefault(treeId) is not { } entries)
            {
                lost.Add(new LostObject("", treeId, "tree"));
            }
            else
            {
                foreach (var entry in entries)
                {
                    var name = Encoding.UTF8.GetString(entry.Name);
                    if (entry.Mode == GitFileMode.Directory)
                    {
                        foreach (var below in Lost(entry.ObjectId))
                        {
                            lost.Add(below with { Path = below.Path.Length == 0 ? name : name + "/" + below.Path });
                        }
                    }
                    else if (entry.Mode != SubmoduleMode && MissingBlobs.Contains(entry.ObjectId))
                    {
                        lost.Add(new LostObject(name, entry.ObjectId, "blob"));
                    }
                }
            }

            lostUnder[treeId] = lost;
            return lost;
        }
    }

    private const int SubmoduleMode = 0xE000; // 0160000: a link to another repository's commit, never written by BrainRepo

    private History ReadHistory(CancellationToken cancellationToken)
    {
        var refs = ListRefs(cancellationToken);
        var commits = new Dictionary<string, CommitNode?>(StringComparer.Ordinal);
        var pending = new Stack<string>(refs.Select(r => r.Commit));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = pending.Pop();
            if (commits.ContainsKey(id))
            {
                continue;
            }

            var node = ReadCommit(id);
            commits[id] = node;
            foreach (var parent in node?.Parents ?? [])
            {
                pending.Push(parent);
            }
        }

        var trees = new Dictionary<string, IReadOnlyList<RawTreeEntry>?>(StringComparer.Ordinal);
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        var treesToRead = new Stack<string>(commits.Values.OfType<CommitNode>().Select(c => c.Tree));
        while (treesToRead.Count > 0)
        {
            var id = treesToRead.Pop();
            if (trees.ContainsKey(id))
            {
                continue;
            }

            IReadOnlyList<RawTreeEntry>? entries;
            try
            {
                entries = repository.ReadRawTree(id, cancellationToken);
            }
            catch (BrainRepoException)
            {
                entries = null; // missing, or does not hash to its id
            }

            trees[id] = entries;
            foreach (var entry in entries ?? [])
            {
                if (entry.Mode == GitFileMode.Directory)
                {
                    treesToRead.Push(entry.ObjectId);
                }
                else if (entry.Mode != SubmoduleMode)
                {
                    blobs.Add(entry.ObjectId);
                }
            }
        }

        var missing = repository.CheckObjects(blobs, cancellationToken).Missing;
        return new History(refs, commits, trees, blobs, missing);
    }

    /// <summary>The branch and every tag, read without peeling (git's peeling fails on a missing object); annotated tags are peeled here.</summary>
    private List<RefTarget> ListRefs(CancellationToken cancellationToken)
    {
        var (code, stdout, stderr) = GitCli.Run(null, ["--git-dir=" + repository.Path, "for-each-ref", "--format=%(refname) %(objectname)", GitBackupRepository.Branch, "refs/tags"], cancellationToken);
        if (code != 0)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"The refs of the backup repository cannot be listed: {stderr.Trim()}");
        }

        var refs = new List<RefTarget>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            var (name, target) = (line[..space], line[(space + 1)..]);
            refs.Add(new RefTarget(name, target, Peel(target)));
        }

        return refs;
    }

    private string Peel(string target)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            (string Type, byte[] Content)? raw;
            try
            {
                raw = repository.ReadRaw(target, MaxCommitSize);
            }
            catch (BrainRepoException)
            {
                return target;
            }

            if (raw is not { Type: "tag" } tag || tag.Content.Length < 47 || !tag.Content.AsSpan(0, 7).SequenceEqual("object "u8))
            {
                return target;
            }

            target = Encoding.ASCII.GetString(tag.Content, 7, 40);
        }

        return target;
    }

    /// <summary>A commit's tree, parents and time; null when it is missing, not a commit, or does not hash to its id.</summary>
    private CommitNode? ReadCommit(string id)
    {
        (string Type, byte[] Content)? raw;
        try
        {
            raw = repository.ReadRaw(id, MaxCommitSize);
        }
        catch (Exception ex) when (ex is BrainRepoException or ArgumentException)
        {
            return null;
        }

        if (raw is not { Type: "commit" } commit || GitObjectFormat.ToHex(GitObjectFormat.HashObject(GitObjectType.Commit, commit.Content)) != id)
        {
            return null;
        }

        string? tree = null;
        var parents = new List<string>();
        DateTimeOffset? when = null;
        foreach (var line in Encoding.UTF8.GetString(commit.Content).Split('\n'))
        {
            if (line.Length == 0)
            {
                break; // the headers end at the first empty line
            }

            if (line.StartsWith("tree ", StringComparison.Ordinal))
            {
                tree = line[5..];
            }
            else if (line.StartsWith("parent ", StringComparison.Ordinal))
            {
                parents.Add(line[7..]);
            }
            else if (line.StartsWith("committer ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                if (parts.Length >= 2 && long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    when = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
        }

        return tree is { Length: 40 } ? new CommitNode(tree, parents, when) : null;
    }

    /// <summary>Snapshots that cannot be restored in full, newest first.</summary>
    private static List<LostSnapshot> LostSnapshots(History history)
    {
        var lost = new List<LostSnapshot>();
        foreach (var (id, node) in history.Commits)
        {
            var refs = history.Refs.Where(r => r.Commit == id).Select(r => r.Name).ToList();
            if (node is null)
            {
                lost.Add(new LostSnapshot(id, null, refs, CommitMissing: true, []));
            }
            else if (history.Lost(node.Tree) is { Count: > 0 } objects)
            {
                lost.Add(new LostSnapshot(id, node.Time, refs, CommitMissing: false, objects));
            }
        }

        return [.. lost.OrderByDescending(s => s.Time ?? DateTimeOffset.MaxValue).ThenBy(s => s.CommitId, StringComparer.Ordinal)];
    }

    /// <summary>Refs whose snapshot, or an older one in its history, is damaged: git cannot push or copy them.</summary>
    private static List<string> BrokenRefs(History history)
    {
        var whole = new Dictionary<string, bool>(StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var target in history.Refs)
        {
            var stack = new Stack<(string Id, bool ParentsDone)>();
            stack.Push((target.Commit, false));
            while (stack.Count > 0)
            {
                var (id, parentsDone) = stack.Pop();
                if (whole.ContainsKey(id))
                {
                    continue;
                }

                if (history.Commits.GetValueOrDefault(id) is not { } node)
                {
                    whole[id] = false;
                    continue;
                }

                if (!parentsDone)
                {
                    stack.Push((id, true));
                    foreach (var parent in node.Parents.Where(p => !whole.ContainsKey(p)))
                    {
                        stack.Push((parent, false));
                    }

                    continue;
                }

                whole[id] = history.Lost(node.Tree).Count == 0 && node.Parents.All(p => whole.GetValueOrDefault(p));
            }

            if (!whole[target.Commit])
            {
                broken.Add(target.Name);
            }
        }

        return broken;
    }
}

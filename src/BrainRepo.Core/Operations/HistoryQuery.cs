using BrainRepo.Core.Remote;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// Reads a workspace's history for <c>log</c> and <c>snapshots</c>: the snapshots with what made them, their change
/// counts and their tags, and the undo points that restores left. Read-only, so it needs no lease.
/// </summary>
public sealed class HistoryQuery(IWorkspaceStorage storage)
{
    /// <summary>The newest <paramref name="max"/> snapshots, newest first, each with the tags that point at it.</summary>
    public async Task<IReadOnlyList<LoggedSnapshot>> LogAsync(WorkspaceConfig config, int max, CancellationToken cancellationToken)
    {
        IReadOnlyList<Model.SnapshotInfo> log;
        using (var repository = storage.OpenRepository(config, cancellationToken))
        {
            log = repository.Log(Math.Max(1, max));
        }

        if (log.Count == 0)
        {
            return [];
        }

        var tags = (await storage.Tags(config).ListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(t => t.Commit, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.OrderBy(t => t.Kind).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name).ToList(), StringComparer.OrdinalIgnoreCase);
        return log.Select(s => new LoggedSnapshot(s, tags.GetValueOrDefault(s.CommitId) ?? [])).ToList();
    }

    /// <summary>The undo points (<c>pre-restore/…</c> tags), newest first: <c>brainrepo restore &lt;tag&gt;</c> undoes that restore.</summary>
    public static IReadOnlyList<SnapshotTag> UndoPoints(IEnumerable<SnapshotTag> tags) =>
        tags.Where(t => t.Kind == SnapshotTagKind.PreRestore)
            .OrderByDescending(t => t.Name, StringComparer.Ordinal)
            .ToList();
}

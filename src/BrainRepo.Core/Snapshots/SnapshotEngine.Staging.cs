using BrainRepo.Core.Model;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Snapshots;

public sealed partial class SnapshotEngine
{
    /// <summary>
    /// Restore's staging leftovers are never stored: the policy excludes them by name. Those that a killed restore
    /// left behind (its process is provably dead, see <see cref="RestoreStaging"/>) are removed from the workspace
    /// here, the only change a sync ever makes there; the report still lists each one, saying it was removed.
    /// A user's file is never touched: only exact staging names, and only when their owner is gone.
    /// </summary>
    private void RemoveAbandonedRestoreStaging(InventoryResult inventory)
    {
        var removed = 0;
        for (var i = 0; i < inventory.Entries.Count; i++)
        {
            var entry = inventory.Entries[i];
            if (entry.Disposition != Disposition.Excluded || !entry.Rule.StartsWith("reserved:" + RestoreStaging.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (RestoreStaging.TryRemoveAbandoned(RelativePath.ToAbsolute(config.WorkspaceRoot, entry.Path), LocalProcessProbe.Instance))
            {
                inventory.Entries[i] = entry with { Detail = "removed: left behind by a restore that is no longer running" };
                removed++;
            }
        }

        if (removed > 0)
        {
            logger.AbandonedStagingRemoved(removed, config.WorkspaceRoot);
        }
    }
}

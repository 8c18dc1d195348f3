using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Restore;

/// <summary>
/// A path the snapshot holds at an older version than the one seen at sync time (for example withheld
/// for secrets: its last clean version), or not at all. <paramref name="Restored"/> says whether a version was written.
/// </summary>
public sealed record RestoreWarning(string Path, Disposition Disposition, bool Restored, string Rule);

using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Core.Snapshots;

/// <summary>The mutable working set of one sync run.</summary>
internal sealed class SyncWork(Baseline baseline, InventoryResult inventory)
{
    public Baseline Baseline { get; } = baseline;

    public InventoryResult Inventory { get; } = inventory;

    /// <summary>The files of the new snapshot, by path.</summary>
    public Dictionary<string, TrackedFile> NewFiles { get; } = new(inventory.Files.Count + 16, StringComparer.Ordinal);

    /// <summary>Report entries (everything not simply stored at its current content).</summary>
    public List<ReportEntry> Entries { get; } = [];

    /// <summary>
    /// Paths that the walk saw and decided on although they are not in <see cref="NewFiles"/> (excluded, withheld,
    /// carried forward): they are not deletion candidates. A path in <see cref="NewFiles"/> never is one either.
    /// </summary>
    public HashSet<string> Handled { get; } = new(inventory.Entries.Count + 16, StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    /// <summary>Notes for the report that do not make the snapshot incomplete (<see cref="SnapshotReport.Notes"/>).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Objects of the baseline (blobs, trees, its commit) that the repository does not have.</summary>
    public IReadOnlySet<string> MissingObjects { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The blob ids of the files read, hashed and stored in this run (whether new to the repository or not).</summary>
    public HashSet<string> BlobsRead { get; } = new(StringComparer.Ordinal);

    public int Added { get; set; }

    public int Modified { get; set; }

    public int Deleted { get; set; }

    public int FilesRead { get; set; }

    public long BytesRead { get; set; }

    /// <summary>Whether a path's names hold a secret (null without a scanner): for the few paths not in <see cref="NameHits"/>.</summary>
    public Func<string, SecretNameMatch?>? CheckName { get; init; }

    /// <summary>The walk's paths whose names hold a secret: its entries and its new or changed files, scanned together.</summary>
    public Dictionary<string, SecretNameMatch> NameHits { get; init; } = [];

    /// <summary>The path as reports and messages may show it: redacted when its names hold a secret.</summary>
    public string Shown(string path) => NameHits.GetValueOrDefault(path)?.DisplayPath ?? path;

    /// <summary>Keeps the previous version of <paramref name="path"/> (if any) and records why; a path whose names hold a secret is withheld instead.</summary>
    public void CarryForward(string path, Disposition disposition, string rule, string? detail, int? line = null, string? fingerprints = null)
    {
        if ((NameHits.GetValueOrDefault(path) ?? CheckName?.Invoke(path)) is { } name)
        {
            WithholdName(path, name);
            return;
        }

        string? carried = null;
        if (Baseline.Files.TryGetValue(path, out var previous))
        {
            NewFiles[path] = previous with { Stamp = null };
            carried = previous.BlobId;
        }

        Entries.Add(new ReportEntry(path, disposition, rule, Detail: detail, CarriedBlob: carried, Line: line, Fingerprints: fingerprints));
        Handled.Add(path);
    }

    /// <summary>
    /// A path whose names hold a secret: nothing is stored at it, not even an earlier version (the path itself would carry
    /// the secret into the tree), and the report shows it redacted, with the fingerprint that matches it on disk.
    /// </summary>
    public void WithholdName(string path, SecretNameMatch name)
    {
        NewFiles.Remove(path);
        Entries.Add(new ReportEntry(name.DisplayPath, Disposition.WithheldSecret, "secret:" + name.RuleId, Detail: SecretFindingFormatter.ToWithheldReason(name.Findings[0]), Fingerprints: name.Fingerprints, PathFingerprint: name.PathFingerprint));
        Handled.Add(path);
    }
}

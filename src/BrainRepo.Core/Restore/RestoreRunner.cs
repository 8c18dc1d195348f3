using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using System.Globalization;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Logging;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Composes a restore: read the snapshot (untrusted), read the target (lstat only), plan, and execute.
/// Hosts add the safety snapshot before executing into a workspace (<see cref="TagSafetySnapshot"/>).
/// Sealed files are decrypted with <paramref name="sealKey"/>; without it a snapshot holding sealed files is refused.
/// </summary>
public sealed class RestoreRunner(IBackupRepository repository, TimeProvider time, ILogger logger, SealKey? sealKey = null)
{
    public const string SafetyTagPrefix = Remote.SnapshotTagNames.PreRestorePrefix;

    /// <summary>Reads everything and decides; writes nothing. A plan with problems is returned, not thrown (see <see cref="RestorePlan.EnsureSafe"/>).</summary>
    public RestorePlan Plan(RestoreRequest request, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        var options = request.Options.Validate();
        progress?.Report(new RestoreProgress("plan", 0, 0, 0));
        var reader = new SnapshotTreeReader(repository, options);
        var started = time.GetTimestamp();
        var rootTree = repository.RootTree(request.Commit, cancellationToken);
        var report = reader.ReadReport(rootTree, cancellationToken);
        started = Phase("read-report", started, report?.Entries.Count ?? 0);
        var scopes = Scopes(report?.WatchPaths ?? request.Policy.WatchPaths.Select(p => p == "." ? "" : p).ToList(), options.Paths);
        var content = reader.ReadFiles(rootTree, scopes, cancellationToken);
        started = Phase("read-trees", started, content.Files.Count);
        IReadOnlyList<SealedRestoreFile> sealedFiles = [];
        IReadOnlyList<string> skippedSealed = [];
        if (content.Problems.Count == 0)
        {
            (content, sealedFiles, skippedSealed) = SealedContent.Resolve(repository, content, report?.Entries ?? [], sealKey, options.SkipSealed, cancellationToken);
        }

        var disk = content.Problems.Count == 0
            ? DiskStateReader.Read(request.TargetRoot, content.Files, scopes, request.Policy, options.Delete, cancellationToken)
            : DiskState.Empty;
        started = Phase("read-target", started, disk.Entries.Count);
        var caseInsensitive = options.CaseInsensitive ?? CaseSensitivityProbe.IsCaseInsensitive(request.TargetRoot);
        var plan = RestorePlanner.Plan(request.Commit, request.TargetRoot, scopes, content, disk, report?.Entries ?? [], options, caseInsensitive) with { Sealed = sealedFiles };
        Phase("plan", started, plan.Actions.Count);
        if (skippedSealed.Count > 0)
        {
            // --skip-sealed: what cannot be decrypted is left as it is on disk, and listed as not restored.
            var skipped = skippedSealed.ToHashSet(StringComparer.Ordinal);
            plan = plan with
            {
                Actions = plan.Actions.Where(a => !skipped.Contains(a.Path)).ToList(),
                Warnings = plan.Warnings.Where(w => !skipped.Contains(w.Path))
                    .Concat(skippedSealed.Select(p => new RestoreWarning(p, Disposition.SealedSecret, false, "sealed: no key for it (--skip-sealed)")))
                    .OrderBy(w => w.Path, StringComparer.Ordinal)
                    .ToList(),
            };
        }

        if (plan.Problems.Count > 0)
        {
            logger.RestoreRefused(plan.Problems.Count, plan.Problems[0].Path);
        }

        return plan;
    }

    /// <summary>
    /// Each <c>--path</c> of <paramref name="request"/> must name something of the snapshot: a file, a folder, or a
    /// path its report accounts for (withheld, too large…). With <c>--delete</c>, a path that exists only in the target
    /// is fine: the restore deletes it. Reads the snapshot, writes nothing; cheap when no path is given.
    /// </summary>
    /// <exception cref="PathNotInSnapshotException">A path matches nothing (a typo, most often).</exception>
    public void EnsurePathsMatch(RestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.Paths.Count == 0)
        {
            return;
        }

        var files = repository.ReadFiles(request.Commit, cancellationToken).Keys;
        var report = repository.ReadReport(request.Commit);
        foreach (var raw in request.Options.Paths)
        {
            var path = raw is "." or "./" ? "" : RelativePath.Normalize(raw, out _) ?? "";
            var matches = path.Length == 0
                || files.Any(f => RelativePath.IsUnder(f, path))
                || (report?.Entries.Any(e => RelativePath.IsUnder(e.Path, path) || (e.IsDirectory && RelativePath.IsUnder(path, e.Path))) ?? false)
                || (request.Options.Delete && NativeStat.LStat(System.IO.Path.Combine(request.TargetRoot, path)).Exists);
            if (!matches)
            {
                throw PathNotInSnapshotException.For(raw, request.Commit, files);
            }
        }
    }

    private long Phase(string name, long started, long count)
    {
        var now = time.GetTimestamp();
        logger.RestorePhase(name, time.GetElapsedTime(started, now).TotalMilliseconds, count);
        return now;
    }

    /// <summary>Executes a plan made by <see cref="Plan"/>; refuses one with problems before writing anything.</summary>
    public RestoreResult Execute(RestorePlan plan, IReadOnlySet<string>? preserve, string? preserveRoot, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken) =>
        new RestoreExecutor(repository, time, logger, SealedContent.Reader(repository, plan.Sealed, sealKey)).Execute(plan, preserve, preserveRoot, progress, cancellationToken);

    /// <summary>
    /// Tags <paramref name="commit"/> (the safety snapshot) as <c>pre-restore/yyyyMMddTHHmmssZ</c>, with a
    /// numeric suffix when that name is taken; returns the tag name.
    /// </summary>
    public string TagSafetySnapshot(string commit, CancellationToken cancellationToken)
    {
        var name = SafetyTagPrefix + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var candidate = attempt == 0 ? name : $"{name}-{attempt}";
            if (repository.TryCreateTag(candidate, commit, cancellationToken))
            {
                logger.SafetySnapshotTagged(commit, candidate);
                return candidate;
            }
        }

        throw new BrainRepoException(ErrorCodes.RepositoryConflict, $"Could not create the tag {name} for the safety snapshot; nothing was restored.");
    }

    /// <summary>
    /// The paths whose current content the safety snapshot does not hold (withheld, too large, unreadable,
    /// excluded...): each is copied aside before a restore replaces or deletes it. A sealed file is held in full.
    /// </summary>
    public static IReadOnlySet<string> NotInSafetySnapshot(RestorePlan plan, SnapshotReport safetyReport)
    {
        var files = safetyReport.Entries.Where(e => !e.IsDirectory && e.Disposition != Disposition.SealedSecret).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var folders = safetyReport.Entries.Where(e => e.IsDirectory).Select(e => e.Path).ToList();
        return plan.Actions
            .Where(a => a.Kind is RestoreActionKind.Overwrite or RestoreActionKind.Delete)
            .Where(a => files.Contains(a.Path) || folders.Any(f => RelativePath.IsUnder(a.Path, f)))
            .Select(a => a.Path)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The restored subtrees: the snapshot's watch paths, narrowed to <paramref name="paths"/> when given.</summary>
    public static List<string> Scopes(IReadOnlyList<string> watchPaths, IReadOnlyList<string> paths)
    {
        var watch = InventoryWalker.EffectiveWatchPaths(watchPaths.Count == 0 ? [""] : watchPaths);
        if (paths.Count == 0)
        {
            return watch;
        }

        var scopes = new List<string>();
        foreach (var raw in paths)
        {
            var path = raw is "." or "./" ? "" : RelativePath.Normalize(raw, out var problem)
                ?? throw new ConfigException($"--path '{raw}' is not usable: {problem}.");
            var narrowed = watch.Where(w => RelativePath.IsUnder(path, w)).Select(_ => path)
                .Concat(watch.Where(w => RelativePath.IsUnder(w, path) && w != path))
                .ToList();
            if (narrowed.Count == 0)
            {
                throw new ConfigException($"--path '{raw}' is not under any watch path of the snapshot ({string.Join(", ", watch.Select(w => w.Length == 0 ? "." : w))}).");
            }

            scopes.AddRange(narrowed);
        }

        return InventoryWalker.EffectiveWatchPaths(scopes);
    }
}

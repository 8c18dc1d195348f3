namespace BrainRepo.Core.Secrets;

/// <summary>
/// What sync and <c>brainrepo scan</c> both decide with the scanner, in one place, so that they always agree: whether a
/// path's names hold a secret, and what scanning a file's content (or a symlink's target) gives. Neither method throws for
/// the input's sake: a scanner that fails on one pathological input (out of memory, out of stack, a corrupt archive)
/// makes that content unscannable, which is withheld, and every other file goes on.
/// </summary>
public static class SecretGate
{
    /// <summary>What separates the paths of <see cref="CheckNames"/>: a line that no token, key or value can run through.</summary>
    private const string NameSeparator = "\n\0\n";

    /// <summary>The names of <paramref name="path"/> (folders and file, with the same rules as content), or null when clean.</summary>
    public static SecretNameMatch? CheckName(ISecretScanner scanner, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(path);
        var findings = scanner.ScanName(path, cancellationToken);
        return findings.Count == 0 ? null : new SecretNameMatch(SecretNames.Redact(path, findings), SecretNames.PathFingerprint(path), findings);
    }

    /// <summary>
    /// <see cref="CheckName"/> for many paths at once, with the same result: one scan of them all (one per line) finds
    /// the paths that may hold a secret, so the fixed cost of a scan (a few microseconds) is paid once instead of once
    /// per path (20,000 new paths in an initial sync); each of those few is then scanned alone, which decides.
    /// </summary>
    public static SecretNameMatch?[] CheckNames(ISecretScanner scanner, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(paths);
        var matches = new SecretNameMatch?[paths.Count];
        var chunks = (paths.Count + NamesPerScan - 1) / NamesPerScan;
        if (chunks <= 1)
        {
            CheckNames(scanner, paths, 0, paths.Count, matches, cancellationToken);
            return matches;
        }

        // Many paths (an initial sync): scanned in chunks on every core. Each path is judged alone anyway.
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            chunk => CheckNames(scanner, paths, chunk * NamesPerScan, Math.Min(paths.Count, (chunk + 1) * NamesPerScan), matches, cancellationToken));
        return matches;
    }

    /// <summary>How many paths one scan of <see cref="CheckNames"/> takes at most.</summary>
    private const int NamesPerScan = 2048;

    private static void CheckNames(ISecretScanner scanner, IReadOnlyList<string> all, int from, int to, SecretNameMatch?[] matches, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return;
        }

        var paths = new string[to - from];
        var starts = new int[paths.Length];
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < paths.Length; i++)
        {
            if (i > 0)
            {
                text.Append(NameSeparator);
            }

            paths[i] = all[from + i];
            starts[i] = text.Length;
            text.Append(paths[i]);
        }

        var findings = scanner.ScanName(text.ToString(), cancellationToken);
        if (findings.Count == 0)
        {
            return;
        }

        // The paths that a finding touches are scanned again, each alone, and that decides: a match that the lines
        // around a path made possible (a key header in one path, base64 names after it) is not a secret of any path,
        // and a match across paths must not hide one inside a path.
        var touched = new SortedSet<int>();
        foreach (var finding in findings)
        {
            var end = finding.StartOffset + finding.Length;
            var first = Array.BinarySearch(starts, finding.StartOffset);
            for (var i = first >= 0 ? first : Math.Max(0, ~first - 1); i < paths.Length && starts[i] < end; i++)
            {
                touched.Add(i);
            }
        }

        foreach (var i in touched)
        {
            matches[from + i] = CheckName(scanner, paths[i], cancellationToken);
        }
    }

    /// <summary>Scans content (a file, or the text of a symlink's target); a failure of the scanner becomes a <see cref="ArchiveProblemKind.ScanFailed"/> result.</summary>
    public static SecretScanResult ScanContent(ISecretScanner scanner, string path, ReadOnlySpan<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        try
        {
            return scanner.Scan(path, content, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Only the exception's type: its message may quote the content.
            return Unscannable(ArchiveProblemKind.ScanFailed, $"the scanner failed on this content ({ex.GetType().Name})");
        }
    }

    /// <summary>The result for a file of <paramref name="bytes"/> that cannot even be held in memory within the budget.</summary>
    public static SecretScanResult OverBudget(long bytes, ScanMemoryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Unscannable(
            ArchiveProblemKind.OverMemoryBudget,
            $"file too large to scan within the memory budget: {bytes} bytes, and files being scanned may hold {budget.SharedBytes} (half of scanner_memory_budget)");
    }

    /// <summary>The rule a withheld result is recorded under: the first finding's, else what kept it from being scanned.</summary>
    public static string RuleOf(SecretScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Findings.Count > 0 ? result.Findings[0].RuleId : result.ArchiveProblem?.Kind switch
        {
            ArchiveProblemKind.OverMemoryBudget => "memory-budget",
            ArchiveProblemKind.ScanFailed => "scan-failed",
            _ => "archive-unscannable",
        };
    }

    private static SecretScanResult Unscannable(ArchiveProblemKind kind, string reason) =>
        new([], new ArchiveScanProblem(kind, null, reason, UnscannableArchiveAction.Withhold));
}

namespace BrainRepo.Core.Secrets;

/// <summary>
/// What sync and <c>brainrepo scan</c> both decide with the scanner, in one place, so that they always agree: whether a
/// path's names hold a secret, and what scanning a file's content (or a symlink's target) gives. Neither method throws for
/// the input's sake: a scanner that fails on one pathological input (out of memory, out of stack, a corrupt archive)
/// makes that content unscannable, which is withheld, and every other file goes on.
/// </summary>
public static class SecretGate
{
    /// <summary>The names of <paramref name="path"/> (folders and file, with the same rules as content), or null when clean.</summary>
    public static SecretNameMatch? CheckName(ISecretScanner scanner, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(path);
        var findings = scanner.ScanName(path, cancellationToken);
        return findings.Count == 0 ? null : new SecretNameMatch(SecretNames.Redact(path, findings), SecretNames.PathFingerprint(path), findings);
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

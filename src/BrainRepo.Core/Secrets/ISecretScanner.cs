namespace BrainRepo.Core.Secrets;

/// <summary>Scans one file's content, and names, for secrets. Implementations are thread-safe.</summary>
public interface ISecretScanner
{
    /// <summary>The memory the scanner may hold at once; a caller reserves a file's share before reading it into memory.</summary>
    ScanMemoryBudget MemoryBudget { get; }

    /// <summary>Scans the whole file.</summary>
    /// <param name="path">Workspace-relative path with '/' separators; used only for context (archive names, reports).</param>
    /// <param name="content">The complete file content.</param>
    /// <param name="cancellationToken">Checked between rules and between archive entries.</param>
    SecretScanResult Scan(string path, ReadOnlySpan<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Scans a name (a workspace-relative path, with its folder names) with the same rules. The findings have
    /// <see cref="SecretFinding.InName"/> set, and offsets in chars of <paramref name="name"/>.
    /// </summary>
    IReadOnlyList<SecretFinding> ScanName(string name, CancellationToken cancellationToken);
}

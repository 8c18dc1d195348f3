namespace BrainRepo.Core.Secrets;

/// <summary>Scans one file's content for secrets. Implementations are thread-safe.</summary>
public interface ISecretScanner
{
    /// <summary>Scans the whole file.</summary>
    /// <param name="path">Workspace-relative path with '/' separators; used only for context (archive names, reports).</param>
    /// <param name="content">The complete file content.</param>
    /// <param name="cancellationToken">Checked between rules and between archive entries.</param>
    SecretScanResult Scan(string path, ReadOnlySpan<byte> content, CancellationToken cancellationToken);
}

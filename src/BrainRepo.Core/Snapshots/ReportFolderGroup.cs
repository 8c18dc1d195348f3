namespace BrainRepo.Core.Snapshots;

/// <summary>The report entries of one disposition under one folder, for the summary of <c>brainrepo report</c>.</summary>
/// <param name="Folder">The folder (at most two levels deep, ending in <c>/</c>), or <c>./</c> for the workspace root.</param>
/// <param name="Count">How many entries.</param>
/// <param name="Rules">The distinct rules that decided them.</param>
public sealed record ReportFolderGroup(string Folder, int Count, IReadOnlyList<string> Rules);

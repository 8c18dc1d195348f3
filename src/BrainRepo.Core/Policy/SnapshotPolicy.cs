using BrainRepo.Core.Model;
using System.IO.Enumeration;
using BrainRepo.Core.Workspaces;
using MAB.DotIgnore;

namespace BrainRepo.Core.Policy;

/// <summary>
/// Decides, by name and path alone, what is kept out of a snapshot. Order: the reserved report
/// folder, restore's staging names, excluded folder names, excluded paths, credential caches, then <c>.brainignore</c> rules.
/// Size and secrets are decided later, once the file is stat'ed and read.
/// </summary>
public sealed class SnapshotPolicy(PolicyOptions options)
{
    /// <summary>Top-level folder of every snapshot that holds the report; a workspace entry of that name is not stored.</summary>
    public const string ReservedFolder = ".brainrepo";

    /// <summary>
    /// Names of restore's staging files and folders (<c>.brainrepo-restore-&lt;run&gt;-&lt;n&gt;.tmp</c> / <c>.dir</c>).
    /// A crash mid-restore can leave one behind; it holds copies of content from the backup, so it is
    /// reported as excluded by this rule rather than backed up again.
    /// </summary>
    public static readonly string[] RestoreStagingPatterns = [".brainrepo-restore-*.tmp", ".brainrepo-restore-*.dir"];

    private static readonly (string Pattern, string Prefix)[] StagingPatterns = [.. RestoreStagingPatterns.Select(p => (p, LiteralPrefix(p)))];

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> excludeNames =
        new HashSet<string>(options.ExcludeNames, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string[] excludePaths = [.. options.ExcludePaths];

    private readonly (string Pattern, string Prefix)[] credentialPatterns = [.. options.CredentialCachePatterns.Select(p => (p, LiteralPrefix(p)))];

    public PolicyOptions Options { get; } = options;

    /// <summary>Classifies a folder; a non-null verdict means the walk does not descend into it.</summary>
    public PolicyVerdict? ClassifyDirectory(string path, IReadOnlyList<BrainIgnoreFile> ignoreFiles) =>
        Classify(path, isDirectory: true, ignoreFiles);

    /// <summary>Classifies a file or symlink by name and path.</summary>
    public PolicyVerdict? ClassifyFile(string path, IReadOnlyList<BrainIgnoreFile> ignoreFiles) =>
        Classify(path, isDirectory: false, ignoreFiles);

    private PolicyVerdict? Classify(string path, bool isDirectory, IReadOnlyList<BrainIgnoreFile> ignoreFiles)
    {
        if (path == ReservedFolder || path.StartsWith(ReservedFolder + "/", StringComparison.Ordinal))
        {
            return new PolicyVerdict(Disposition.Excluded, "reserved:" + ReservedFolder);
        }

        // Every file of every walk comes through here: the name is looked at in place, and each pattern's literal
        // start is compared before the pattern itself is matched.
        var name = path.AsSpan(path.LastIndexOf('/') + 1);
        foreach (var (pattern, prefix) in StagingPatterns)
        {
            if (Matches(pattern, prefix, name))
            {
                return new PolicyVerdict(Disposition.Excluded, "reserved:" + pattern);
            }
        }

        if (isDirectory && excludeNames.Contains(name))
        {
            return new PolicyVerdict(Disposition.Excluded, string.Concat("exclude_names:", name));
        }

        foreach (var excluded in excludePaths)
        {
            if (RelativePath.IsUnder(path, excluded))
            {
                return new PolicyVerdict(Disposition.Excluded, "exclude_paths:" + excluded);
            }
        }

        foreach (var (pattern, prefix) in credentialPatterns)
        {
            if (Matches(pattern, prefix, name))
            {
                return new PolicyVerdict(Disposition.CredentialCache, "credential_cache_patterns:" + pattern);
            }
        }

        (IgnoreRule Rule, int Line)? decisive = null;
        BrainIgnoreFile? decisiveFile = null;
        for (var i = 0; i < ignoreFiles.Count; i++) // by index: a foreach over the interface allocates an enumerator per file walked
        {
            var file = ignoreFiles[i];
            if (!RelativePath.IsUnder(path, file.Directory) || path == file.Directory)
            {
                continue;
            }

            var relative = file.Directory.Length == 0 ? path : path[(file.Directory.Length + 1)..];
            var match = file.LastMatch(relative, isDirectory);
            if (match is not null)
            {
                decisive = match;
                decisiveFile = file;
            }
        }

        if (decisive is { } d && (d.Rule.PatternFlags & PatternFlags.NEGATION) == 0)
        {
            return new PolicyVerdict(Disposition.Excluded, $"brainignore:{decisiveFile!.FilePath}:{d.Line}:{d.Rule.OriginalPattern}");
        }

        return null;
    }

    private static bool Matches(string pattern, string prefix, ReadOnlySpan<char> name) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false);

    /// <summary>The start of a simple expression before its first wildcard or escape: every match starts with it.</summary>
    private static string LiteralPrefix(string pattern)
    {
        var wildcard = pattern.AsSpan().IndexOfAny('*', '?', '\\');
        return wildcard < 0 ? pattern : pattern[..wildcard];
    }
}

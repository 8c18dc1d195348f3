namespace BrainRepo.Core.Secrets;

/// <summary>
/// The allow file: one fingerprint per line; <c>#</c> starts a comment (whole line or after the fingerprint);
/// blank lines are ignored. Malformed lines are kept in <see cref="InvalidLines"/> rather than thrown.
/// </summary>
public sealed class SecretAllowList
{
    private readonly HashSet<string> _fingerprints;

    private SecretAllowList(HashSet<string> fingerprints, IReadOnlyList<int> invalidLines)
    {
        _fingerprints = fingerprints;
        InvalidLines = invalidLines;
    }

    /// <summary>An allow list with no entries.</summary>
    public static SecretAllowList Empty { get; } = new([], []);

    /// <summary>The allow-listed fingerprints.</summary>
    public IReadOnlySet<string> Fingerprints => _fingerprints;

    /// <summary>1-based numbers of lines that are neither blank, a comment nor a well-formed fingerprint.</summary>
    public IReadOnlyList<int> InvalidLines { get; }

    /// <summary>Creates an allow list from fingerprints (normalised to lower case; malformed ones are rejected).</summary>
    public static SecretAllowList FromFingerprints(IEnumerable<string> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        return Parse(string.Join('\n', fingerprints));
    }

    /// <summary>Parses the allow-file format.</summary>
    public static SecretAllowList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new List<int>();
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            var normalised = line.ToString().ToLowerInvariant();
            if (SecretFingerprint.IsWellFormed(normalised))
            {
                set.Add(normalised);
            }
            else
            {
                invalid.Add(lineNumber);
            }
        }

        return new SecretAllowList(set, invalid);
    }

    /// <summary>Loads an allow file; a missing file is an empty allow list.</summary>
    public static async Task<SecretAllowList> LoadAsync(string filePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        if (!File.Exists(filePath))
        {
            return Empty;
        }

        var text = await File.ReadAllTextAsync(filePath, cancellationToken).ConfigureAwait(false);
        return Parse(text);
    }

    /// <summary>Renders one allow-file line, e.g. for <c>brainrepo secrets allow</c>.</summary>
    public static string FormatEntry(string fingerprint, string? comment)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (!SecretFingerprint.IsWellFormed(fingerprint))
        {
            throw new ArgumentException("Not a well-formed fingerprint (16 lowercase hex characters).", nameof(fingerprint));
        }

        var clean = comment?.ReplaceLineEndings(" ").Trim();
        return string.IsNullOrEmpty(clean) ? fingerprint : $"{fingerprint}  # {clean}";
    }

    /// <summary>True when the fingerprint is allow-listed.</summary>
    public bool Contains(string fingerprint) => _fingerprints.Contains(fingerprint);
}

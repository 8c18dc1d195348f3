using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// The default <see cref="ISecretScanner"/>: a keyword pre-filter, then source-generated regexes and validators per rule,
/// overlap resolution by rule priority, allow marker and allow-list filtering. Archives are opened recursively.
/// Thread-safe; create one per configuration and share it.
/// </summary>
public sealed partial class SecretScanner : ISecretScanner
{
    /// <summary>The inline marker that silences every finding on its line.</summary>
    public const string AllowMarker = "brainrepo:allow";

    private readonly SecretRule[] _rules;
    private readonly KeywordIndex _keywords;
    private readonly int _windowChars;

    /// <summary>Creates a scanner with <see cref="SecretScannerOptions.Default"/>.</summary>
    public SecretScanner()
        : this(SecretScannerOptions.Default)
    {
    }

    /// <summary>Creates a scanner; the options are validated once here.</summary>
    public SecretScanner(SecretScannerOptions options)
        : this(options, DefaultWindowChars)
    {
    }

    /// <summary>Creates a scanner whose large texts are scanned in windows of <paramref name="windowChars"/> chars (tests use small ones).</summary>
    internal SecretScanner(SecretScannerOptions options, int windowChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(windowChars, SecretRule.MaxReachBehind + SecretRule.MaxReachAhead);
        _windowChars = windowChars;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _rules = [.. SecretRuleCatalog.All.Where(r => options.EnabledRules is null || options.EnabledRules.Contains(r.Id))];
        _keywords = new KeywordIndex(_rules);
        MemoryBudget = new ScanMemoryBudget(options.MemoryBudgetBytes, options.MaxArchiveDepth);
        ConfigurationFingerprint = ComputeConfigurationFingerprint(options, _rules);
    }

    /// <summary>The validated options.</summary>
    public SecretScannerOptions Options { get; }

    /// <inheritdoc />
    public ScanMemoryBudget MemoryBudget { get; }

    /// <summary>
    /// A hash of the rule set version, the enabled rules, the allow list and the archive options. Store it next to cached
    /// scan verdicts: when it changes, cached verdicts are stale.
    /// </summary>
    public string ConfigurationFingerprint { get; }

    /// <inheritdoc />
    public SecretScanResult Scan(string path, ReadOnlySpan<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        using var state = new ArchiveState(Options, MemoryBudget, cancellationToken);
        var findings = new List<SecretFinding>();
        ScanContent(path, null, content, 0, state, findings, cancellationToken);
        if (findings.Count == 0 && state.Problem is null)
        {
            return SecretScanResult.Clean;
        }

        return new SecretScanResult(findings, state.Problem);
    }

    /// <inheritdoc />
    public IReadOnlyList<SecretFinding> ScanName(string name, CancellationToken cancellationToken)
    {
        var found = ScanText(name, cancellationToken);
        return found.Count == 0 ? found : [.. found.Select(f => f with { Line = 0, InName = true })];
    }

    /// <summary>Scans text that is already decoded (e.g. a single string). Offsets are UTF-16 code units, lengths likewise.</summary>
    public IReadOnlyList<SecretFinding> ScanText(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<SecretFinding>();
        var decoded = new DecodedText(text, 0, 1, ContentKind.Text8Bit);
        ScanDecoded(decoded, null, findings, cancellationToken, utf16Text: true);
        return findings;
    }

    private void ScanContent(
        string path,
        string? innerPath,
        ReadOnlySpan<byte> content,
        int depth,
        ArchiveState state,
        List<SecretFinding> findings,
        CancellationToken cancellationToken)
    {
        var kind = ContentSniffer.Detect(content);
        if (kind is ContentKind.Text8Bit or ContentKind.Utf8Bom)
        {
            var prefix = kind == ContentKind.Utf8Bom ? 3 : 0;
            if (content.Length - prefix > _windowChars && TryScanWindowed(content[prefix..], prefix, innerPath, findings, cancellationToken))
            {
                return;
            }
        }

        if (ContentSniffer.IsText(kind))
        {
            // A text up to one window long is part of the scan's working set; a longer one, decoded whole (two bytes a
            // char), comes out of the exclusive half of the memory budget.
            var need = 2L * content.Length;
            var grow = need > 2L * (Math.Min(_windowChars, DefaultWindowChars) + 1);
            if (grow && !state.TryGrow(need, innerPath, innerPath is null ? "text" : "archive member"))
            {
                return;
            }

            try
            {
                ScanDecoded(ContentSniffer.Decode(content, kind), innerPath, findings, cancellationToken, utf16Text: false);
            }
            finally
            {
                if (grow)
                {
                    state.Shrink(need);
                }
            }

            return;
        }

        if (kind is ContentKind.Zip or ContentKind.Gzip or ContentKind.Tar)
        {
            ScanArchive(path, innerPath, content, kind, depth, state, findings, cancellationToken);
        }
    }

    private void ScanDecoded(DecodedText decoded, string? innerPath, List<SecretFinding> findings, CancellationToken cancellationToken, bool utf16Text)
    {
        var text = decoded.Text;
        List<SecretCandidate> candidates;
        if (text.Length >= ParallelRulesChars)
        {
            // A large text (a multi-megabyte export, a log): the keyword groups are searched in parallel, then the
            // rules that have a keyword run in parallel. Each rule has its own list, joined in rule order, so the
            // result is the same as running them one after another.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            var firstHits = _keywords.FirstHits(text, 0, parallel);
            var perRule = new List<SecretCandidate>[_rules.Length];
            Parallel.For(
                0,
                _rules.Length,
                parallel,
                i =>
                {
                    perRule[i] = [];
                    if (firstHits[i] >= 0)
                    {
                        _rules[i].Find(text, 0, text.Length, firstHits[i], perRule[i]);
                    }
                });
            candidates = [.. perRule.SelectMany(c => c)];
        }
        else
        {
            var firstHits = _keywords.FirstHits(text, 0);
            candidates = [];
            for (var i = 0; i < _rules.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (firstHits[i] >= 0)
                {
                    _rules[i].Find(text, 0, text.Length, firstHits[i], candidates);
                }
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        AddFindings(ScannedText.Of(decoded, utf16Text), innerPath, candidates, findings);
    }

    /// <summary>
    /// Texts at least this long (in chars) that are scanned in one pass run their rules in parallel: UTF-16 texts, and
    /// 8-bit texts that cannot be scanned in windows (see <c>SecretScanner.Windows.cs</c>).
    /// </summary>
    private const int ParallelRulesChars = 1 << 20;

    private void AddFindings(scoped ScannedText text, string? innerPath, List<SecretCandidate> candidates, List<SecretFinding> findings)
    {
        var accepted = ResolveOverlaps(candidates);
        var line = 1;
        var lineStart = 0;
        var scanned = 0;
        foreach (var c in accepted)
        {
            var count = text.CountLineBreaks(scanned, c.Start);
            if (count > 0)
            {
                line += count;
                lineStart = text.LastLineBreak(scanned, c.Start) + 1;
            }

            scanned = c.Start;
            if (text.LineHasAllowMarker(c.Start) || text.LineHasAllowMarker(c.Start + c.Length - 1))
            {
                continue;
            }

            var secretBytes = text.SecretBytes(c.Start, c.Length);
            var fingerprint = SecretFingerprint.Compute(c.RuleId, secretBytes);
            CryptographicOperations.ZeroMemory(secretBytes);
            if (Options.AllowList.Contains(fingerprint))
            {
                continue;
            }

            findings.Add(new SecretFinding(c.RuleId, line, c.Start - lineStart + 1, text.ToLength(c.Length), text.ToOffset(c.Start), fingerprint, c.Preview, innerPath));
        }
    }

    /// <summary>Sorts by position; a candidate overlapping one of a higher-priority rule (or an earlier one of the same rule) is dropped.</summary>
    private List<SecretCandidate> ResolveOverlaps(List<SecretCandidate> candidates)
    {
        var priority = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _rules.Length; i++)
        {
            priority[_rules[i].Id] = i;
        }

        // Candidates arrive grouped by rule in priority order: accept greedily in that order.
        var accepted = new List<SecretCandidate>(candidates.Count);
        foreach (var c in candidates)
        {
            var overlaps = false;
            foreach (var a in accepted)
            {
                if (c.Start < a.Start + a.Length && a.Start < c.Start + c.Length)
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                accepted.Add(c);
            }
        }

        accepted.Sort((x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : priority[x.RuleId].CompareTo(priority[y.RuleId]));
        return accepted;
    }

    private static string ComputeConfigurationFingerprint(SecretScannerOptions options, SecretRule[] rules)
    {
        var sb = new StringBuilder();
        sb.Append("rules-v").Append(SecretRuleCatalog.Version).Append('|');
        foreach (var rule in rules)
        {
            sb.Append(rule.Id).Append(',');
        }

        sb.Append('|');
        foreach (var fp in options.AllowList.Fingerprints.Order(StringComparer.Ordinal))
        {
            sb.Append(fp).Append(',');
        }

        sb.Append('|').Append(options.MaxArchiveDepth).Append('|').Append(options.MaxArchiveUncompressedBytes)
            .Append('|').Append(options.MaxArchiveEntries).Append('|').Append(options.UnscannableArchive);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
    }
}

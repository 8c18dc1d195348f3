using System.Buffers;

namespace BrainRepo.Core.Secrets;

/// <summary>One detection rule. Rules are stateless and shared between threads.</summary>
internal abstract class SecretRule
{
    protected SecretRule(string id, IReadOnlyList<string> keywords)
    {
        Id = id;
        Keywords = keywords;
        KeywordSearch = keywords.Count == 0 ? null : SearchValues.Create([.. keywords], StringComparison.OrdinalIgnoreCase);
    }

    public string Id { get; }

    /// <summary>Case-insensitive literals; the rule runs only on text that contains one. Empty: always runs.</summary>
    public IReadOnlyList<string> Keywords { get; }

    public SearchValues<string>? KeywordSearch { get; }

    /// <summary>Finds candidates. <paramref name="firstKeyword"/> is the index of the first keyword hit (0 when keyword-less).</summary>
    public abstract void Find(string text, int firstKeyword, List<SecretCandidate> sink);
}

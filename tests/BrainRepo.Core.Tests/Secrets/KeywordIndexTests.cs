using System.Text;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>
/// The grouped keyword search decides which rules run and where they start: it must return exactly what a
/// search per rule returns, or a rule would start past a secret (or not run at all).
/// </summary>
public sealed class KeywordIndexTests
{
    private static readonly IReadOnlyList<SecretRule> Rules = SecretRuleCatalog.All;

    [Fact]
    public void Keywords_share_a_few_searches_instead_of_one_per_rule()
    {
        var index = new KeywordIndex(Rules);
        var keywordRules = Rules.Count(r => r.Keywords.Count > 0);

        Assert.True(index.GroupCount * 4 <= keywordRules, $"{index.GroupCount} searches for {keywordRules} rules");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void First_hit_of_every_rule_is_what_a_search_per_rule_finds(int seed)
    {
        var random = new Random(seed);
        var keywords = Rules.SelectMany(r => r.Keywords).ToArray();
        var index = new KeywordIndex(Rules);
        for (var round = 0; round < 200; round++)
        {
            var text = RandomText(random, keywords, plants: random.Next(0, 6));
            var grouped = index.FirstHits(text, 0);
            var parallel = index.FirstHits(text, 0, new ParallelOptions { MaxDegreeOfParallelism = 2 });
            for (var r = 0; r < Rules.Count; r++)
            {
                var expected = Rules[r].KeywordSearch is null ? 0 : text.AsSpan().IndexOfAny(Rules[r].KeywordSearch!);
                Assert.True(expected == grouped[r], $"rule {Rules[r].Id}: expected {expected}, got {grouped[r]} in \"{text}\"");
                Assert.Equal(expected, parallel[r]);
            }
        }
    }

    [Fact]
    public void A_text_without_keywords_runs_only_the_rules_that_have_none()
    {
        var hits = new KeywordIndex(Rules).FirstHits(new string('x', 100_000), 0);

        for (var r = 0; r < Rules.Count; r++)
        {
            Assert.Equal(Rules[r].Keywords.Count == 0 ? 0 : -1, hits[r]);
        }
    }

    /// <summary>Filler with keywords planted in random case, overlapping or adjacent, some cut short.</summary>
    private static string RandomText(Random random, string[] keywords, int plants)
    {
        const string Filler = "abcxyz019 _-.:/\n\"'=";
        var sb = new StringBuilder();
        for (var i = 0; i < plants; i++)
        {
            for (var n = random.Next(0, 40); n > 0; n--)
            {
                sb.Append(Filler[random.Next(Filler.Length)]);
            }

            var keyword = keywords[random.Next(keywords.Length)];
            if (random.Next(4) == 0)
            {
                keyword = keyword[..Math.Max(1, keyword.Length - 1)]; // a near miss
            }

            foreach (var c in keyword)
            {
                sb.Append(random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            }
        }

        sb.Append(Filler.AsSpan(0, random.Next(Filler.Length)));
        return sb.ToString();
    }
}

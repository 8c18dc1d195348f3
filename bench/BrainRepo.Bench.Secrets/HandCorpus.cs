using System.Globalization;
using System.Text;

namespace BrainRepo.Bench.Secrets;

/// <summary>
/// The hand-written labelled corpus of the tests (<c>tests/BrainRepo.Core.Tests/Secrets/Corpus</c>): files under
/// <c>positives/</c> and <c>negatives/</c>, <c>labels.tsv</c> (file, line, rule) and <c>near-misses.tsv</c>
/// (file, line, comma-separated rules the line tempts). The <c>&lt;&lt;!&gt;&gt;</c> obfuscation marker is removed.
/// </summary>
internal static class HandCorpus
{
    private const string ObfuscationMarker = "<<!>>";

    public static List<CorpusFile> Load(string root)
    {
        var planted = Rows(Path.Combine(root, "labels.tsv")).ToLookup(r => r[0], r => (Line: int.Parse(r[1], CultureInfo.InvariantCulture), Rule: r[2]));
        var nearMisses = Rows(Path.Combine(root, "near-misses.tsv")).ToLookup(r => r[0], r => (Line: int.Parse(r[1], CultureInfo.InvariantCulture), Tempts: r[2].Split(',')));
        var files = new List<CorpusFile>();
        foreach (var dir in new[] { "positives", "negatives" })
        {
            foreach (var full in Directory.EnumerateFiles(Path.Combine(root, dir), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(root, full).Replace('\\', '/');
                var text = File.ReadAllText(full).Replace(ObfuscationMarker, string.Empty, StringComparison.Ordinal);
                files.Add(new CorpusFile("hand/" + rel, Encoding.UTF8.GetBytes(text), [.. planted[rel]], [.. nearMisses[rel]]));
            }
        }

        return files;
    }

    private static IEnumerable<string[]> Rows(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t'))
            : [];
}

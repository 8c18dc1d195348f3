namespace BrainRepo.Bench.Secrets;

/// <summary>One generated file, the findings planted in it (line, rule) and its near misses (line, rules they tempt).</summary>
internal sealed record CorpusFile(
    string Path,
    byte[] Content,
    IReadOnlyList<(int Line, string Rule)> Planted,
    IReadOnlyList<(int Line, string[] Tempts)> NearMisses);

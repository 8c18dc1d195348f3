namespace BrainRepo.Bench.Secrets;

/// <summary>One generated file and the findings planted in it (line, rule).</summary>
internal sealed record CorpusFile(string Path, byte[] Content, IReadOnlyList<(int Line, string Rule)> Planted);

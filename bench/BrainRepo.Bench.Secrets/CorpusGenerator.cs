using System.Text;

namespace BrainRepo.Bench.Secrets;

/// <summary>Generates a reproducible mixed corpus (markdown, yaml, json, python) with planted secrets and look-alikes.</summary>
internal static class CorpusGenerator
{
    private static readonly string[] Words =
    [
        "the", "memory", "workspace", "note", "agent", "config", "backup", "project", "meeting", "design", "review",
        "token", "password", "secret", "deploy", "server", "client", "cache", "index", "model", "prompt", "key",
        "daily", "summary", "decision", "incident", "customer", "release", "branch", "feature", "test", "build",
    ];

    private static readonly string[] Kinds = ["md", "yaml", "json", "py"];

    public static List<CorpusFile> Generate(long targetBytes, int seed, double secretRate, double lookAlikeRate)
    {
        var random = new Random(seed);
        var files = new List<CorpusFile>();
        long total = 0;
        var index = 0;
        while (total < targetBytes)
        {
            var kind = Kinds[index % Kinds.Length];
            var file = GenerateFile(random, $"ws/{kind}/{index:D6}.{kind}", kind, random.Next(2_000, 60_000), secretRate, lookAlikeRate);
            files.Add(file);
            total += file.Content.Length;
            index++;
        }

        return files;
    }

    private static CorpusFile GenerateFile(Random random, string path, string kind, int size, double secretRate, double lookAlikeRate)
    {
        var sb = new StringBuilder(size + 256);
        var planted = new List<(int Line, string Rule)>();
        var nearMisses = new List<(int Line, string[] Tempts)>();
        var line = 1;
        while (sb.Length < size)
        {
            var roll = random.NextDouble();
            if (roll < secretRate)
            {
                if (random.Next(10) == 0)
                {
                    var (rule, block) = FakeTokens.PlantedBlocks[random.Next(FakeTokens.PlantedBlocks.Length)];
                    planted.Add((line, rule));
                    foreach (var l in block(random))
                    {
                        sb.Append(l).Append('\n');
                        line++;
                    }

                    continue;
                }

                var (id, make) = FakeTokens.Planted[random.Next(FakeTokens.Planted.Length)];
                planted.Add((line, id));
                sb.Append(make(random));
            }
            else if (roll < secretRate + lookAlikeRate)
            {
                var (tempts, make) = FakeTokens.LookAlikes[random.Next(FakeTokens.LookAlikes.Length)];
                var text = make(random);
                nearMisses.Add((line, tempts));
                sb.Append(text);
                line += text.AsSpan().Count('\n');
            }
            else
            {
                sb.Append(Filler(random, kind));
            }

            sb.Append('\n');
            line++;
        }

        return new CorpusFile(path, Encoding.UTF8.GetBytes(sb.ToString()), planted, nearMisses);
    }

    private static string Filler(Random random, string kind)
    {
        var sentence = Sentence(random, random.Next(4, 16));
        return kind switch
        {
            "md" => random.Next(8) == 0 ? "## " + sentence : sentence + ".",
            "yaml" => $"{Words[random.Next(Words.Length)]}_{Words[random.Next(Words.Length)]}: {sentence}",
            "json" => $"  \"{Words[random.Next(Words.Length)]}\": \"{sentence}\",",
            _ => random.Next(3) == 0 ? $"def {Words[random.Next(Words.Length)]}_{random.Next(1000)}(self, value):" : $"    # {sentence}",
        };
    }

    private static string Sentence(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Words[random.Next(Words.Length)]);
        }

        return sb.ToString();
    }
}

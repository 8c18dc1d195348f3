using System.Text;

namespace BrainRepo.Bench.Workspace;

/// <summary>Renders plausible text of each kind, of about the planned size, from the file's own seed.</summary>
internal static class Content
{
    public static byte[] Render(FileSpec spec)
    {
        var rng = new Rng(spec.Seed);
        var sb = new StringBuilder(spec.Size + 256);
        switch (spec.Kind)
        {
            case FileKind.Markdown: Markdown(sb, rng, spec.Size); break;
            case FileKind.Yaml: Yaml(sb, rng, spec.Size); break;
            case FileKind.Json: Json(sb, rng, spec.Size); break;
            case FileKind.Python: Python(sb, rng, spec.Size); break;
            default: JavaScript(sb, rng, spec.Size); break;
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A deterministic edit: one line inserted in the middle and a paragraph appended.</summary>
    public static byte[] Edit(FileSpec spec)
    {
        var text = Encoding.UTF8.GetString(Render(spec));
        var rng = new Rng(spec.Seed ^ 0xED17UL);
        var middle = text.IndexOf('\n', text.Length / 2);
        var insert = spec.Kind switch
        {
            FileKind.Python => "# edited: " + Sentence(rng) + "\n",
            FileKind.Yaml => "# edited: " + Sentence(rng) + "\n",
            FileKind.Json => "",
            _ => "Edited: " + Sentence(rng) + "\n",
        };
        if (middle > 0)
        {
            text = text[..(middle + 1)] + insert + text[(middle + 1)..];
        }

        text += spec.Kind == FileKind.Json ? "\n" : "\n" + Paragraph(rng) + "\n";
        return Encoding.UTF8.GetBytes(text);
    }

    private static string Sentence(Rng rng)
    {
        var sb = new StringBuilder();
        var n = 6 + rng.Next(14);
        for (var i = 0; i < n; i++)
        {
            var w = Words.Pick(rng);
            sb.Append(i == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w);
            sb.Append(i == n - 1 ? "." : rng.Chance(0.08) ? ", " : " ");
        }

        return sb.ToString();
    }

    private static string Paragraph(Rng rng)
    {
        var sb = new StringBuilder();
        var n = 2 + rng.Next(5);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Sentence(rng)).Append(i == n - 1 ? "" : " ");
        }

        return sb.ToString();
    }

    private static void Markdown(StringBuilder sb, Rng rng, int size)
    {
        sb.Append("# ").Append(Sentence(rng).TrimEnd('.')).Append("\n\n");
        if (rng.Chance(0.5))
        {
            sb.Append("---\ntags: [").Append(Words.Pick(rng)).Append(", ").Append(Words.Pick(rng)).Append("]\ndate: ")
              .Append(2018 + rng.Next(8)).Append('-').Append((1 + rng.Next(12)).ToString("00")).Append('-').Append((1 + rng.Next(28)).ToString("00")).Append("\n---\n\n");
        }

        while (sb.Length < size)
        {
            var roll = rng.Next(10);
            if (roll == 0)
            {
                sb.Append("## ").Append(Sentence(rng).TrimEnd('.')).Append("\n\n");
            }
            else if (roll <= 2)
            {
                var n = 2 + rng.Next(6);
                for (var i = 0; i < n; i++)
                {
                    sb.Append(rng.Chance(0.3) ? "- [ ] " : "- ").Append(Sentence(rng)).Append('\n');
                }

                sb.Append('\n');
            }
            else if (roll == 3)
            {
                sb.Append("```python\n");
                PythonFunction(sb, rng);
                sb.Append("```\n\n");
            }
            else
            {
                sb.Append(Paragraph(rng)).Append("\n\n");
            }
        }
    }

    private static void Yaml(StringBuilder sb, Rng rng, int size)
    {
        sb.Append("# ").Append(Sentence(rng)).Append('\n');
        while (sb.Length < size)
        {
            sb.Append(Words.Pick(rng)).Append('_').Append(Words.Pick(rng)).Append(":\n");
            var n = 2 + rng.Next(8);
            for (var i = 0; i < n; i++)
            {
                var key = Words.Pick(rng);
                switch (rng.Next(4))
                {
                    case 0: sb.Append("  ").Append(key).Append(": ").Append(rng.Next(10_000)).Append('\n'); break;
                    case 1: sb.Append("  ").Append(key).Append(": \"").Append(Sentence(rng)).Append("\"\n"); break;
                    case 2: sb.Append("  ").Append(key).Append(": ").Append(rng.Chance(0.5) ? "true" : "false").Append('\n'); break;
                    default:
                        sb.Append("  ").Append(key).Append(":\n");
                        var m = 1 + rng.Next(4);
                        for (var j = 0; j < m; j++)
                        {
                            sb.Append("    - ").Append(Words.Pick(rng)).Append('-').Append(Words.Pick(rng)).Append('\n');
                        }

                        break;
                }
            }
        }
    }

    private static void Json(StringBuilder sb, Rng rng, int size)
    {
        sb.Append("{\n  \"version\": ").Append(1 + rng.Next(9)).Append(",\n  \"items\": [\n");
        var first = true;
        while (sb.Length < size - 8)
        {
            if (!first)
            {
                sb.Append(",\n");
            }

            first = false;
            sb.Append("    {\"id\": \"").Append(rng.NextUInt64().ToString("x16")).Append("\", \"name\": \"").Append(Words.Pick(rng)).Append(' ').Append(Words.Pick(rng))
              .Append("\", \"score\": ").Append((rng.NextDouble() * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))
              .Append(", \"active\": ").Append(rng.Chance(0.7) ? "true" : "false")
              .Append(", \"tags\": [\"").Append(Words.Pick(rng)).Append("\", \"").Append(Words.Pick(rng)).Append("\"]")
              .Append(", \"note\": \"").Append(Sentence(rng)).Append("\"}");
        }

        sb.Append("\n  ]\n}\n");
    }

    private static void Python(StringBuilder sb, Rng rng, int size)
    {
        sb.Append("\"\"\"").Append(Sentence(rng)).Append("\"\"\"\n\nimport os\nimport json\nfrom pathlib import Path\n\n");
        while (sb.Length < size)
        {
            if (rng.Chance(0.2))
            {
                sb.Append("class ").Append(char.ToUpperInvariant(Words.Pick(rng)[0])).Append(Words.Pick(rng)).Append(":\n    \"\"\"").Append(Sentence(rng)).Append("\"\"\"\n\n");
                sb.Append("    def __init__(self, ").Append(Words.Pick(rng)).Append("):\n        self.").Append(Words.Pick(rng)).Append(" = None\n\n");
            }

            PythonFunction(sb, rng);
            sb.Append('\n');
        }
    }

    private static void PythonFunction(StringBuilder sb, Rng rng)
    {
        var name = $"{Words.Pick(rng)}_{Words.Pick(rng)}";
        var arg = Words.Pick(rng);
        sb.Append("def ").Append(name).Append('(').Append(arg).Append(", limit=").Append(rng.Next(100)).Append("):\n");
        sb.Append("    \"\"\"").Append(Sentence(rng)).Append("\"\"\"\n");
        sb.Append("    result = []\n    for item in ").Append(arg).Append(":\n");
        sb.Append("        if item.").Append(Words.Pick(rng)).Append(" > limit:\n");
        sb.Append("            result.append(item.").Append(Words.Pick(rng)).Append(")\n");
        if (rng.Chance(0.5))
        {
            sb.Append("    # ").Append(Sentence(rng)).Append('\n');
        }

        sb.Append("    return result\n");
    }

    private static void JavaScript(StringBuilder sb, Rng rng, int size)
    {
        sb.Append("'use strict';\n\n");
        while (sb.Length < size)
        {
            var name = Words.Pick(rng) + char.ToUpperInvariant(Words.Pick(rng)[0]) + Words.Pick(rng);
            sb.Append("function ").Append(name).Append("(opts) {\n  // ").Append(Sentence(rng)).Append("\n  return opts.").Append(Words.Pick(rng))
              .Append(" || ").Append(rng.Next(1000)).Append(";\n}\nmodule.exports.").Append(name).Append(" = ").Append(name).Append(";\n\n");
        }
    }
}

internal static class Words
{
    private static readonly string[] List =
    [
        "the", "of", "and", "to", "in", "is", "for", "that", "with", "on", "as", "by", "this", "from", "at", "be", "are", "it", "an", "or",
        "memory", "agent", "project", "backup", "snapshot", "config", "client", "server", "request", "response", "token", "session", "context",
        "model", "prompt", "task", "plan", "review", "meeting", "notes", "design", "decision", "budget", "invoice", "customer", "report",
        "weekly", "daily", "summary", "draft", "release", "feature", "issue", "bug", "fix", "test", "deploy", "pipeline", "cluster", "node",
        "index", "search", "query", "cache", "store", "file", "folder", "path", "commit", "branch", "merge", "tree", "blob", "object", "hash",
        "user", "team", "owner", "policy", "rule", "limit", "size", "count", "value", "key", "field", "record", "entry", "table", "column",
        "alpha", "beta", "gamma", "delta", "omega", "north", "south", "river", "garden", "market", "signal", "vector", "matrix", "kernel",
        "update", "change", "create", "delete", "read", "write", "open", "close", "start", "stop", "retry", "timeout", "error", "warning",
        "quickly", "carefully", "again", "never", "always", "often", "later", "before", "after", "during", "while", "because", "although",
        "important", "simple", "complex", "stable", "broken", "ready", "pending", "blocked", "done", "active", "archived", "private", "shared",
        "schedule", "calendar", "email", "message", "thread", "channel", "workspace", "dashboard", "metric", "latency", "throughput", "memory",
        "python", "script", "module", "package", "library", "function", "method", "class", "handler", "worker", "queue", "event", "stream",
        "we", "should", "could", "would", "will", "must", "can", "need", "want", "think", "know", "see", "use", "make", "keep", "find",
    ];

    public static string Pick(Rng rng) => List[rng.Next(List.Length)];
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// JSON output, one indented document per command, with snake_case names written as they appear in the
/// command. Documents are built as <see cref="JsonNode"/> trees rather than serialized by reflection, so
/// the output is identical in a native (AOT) build, where reflection-based serialization is unavailable.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(IAnsiConsole console, JsonNode? value) =>
        console.Profile.Out.Writer.WriteLine(ToText(value));

    public static string ToText(JsonNode? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An array of the items, each mapped to a node.</summary>
    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> map) => new(items.Select(map).ToArray());

    /// <summary>An array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> items) => Array(items, s => (JsonNode?)s);

    /// <summary>An object of name → count.</summary>
    public static JsonObject Counts(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var result = new JsonObject();
        foreach (var (name, count) in counts)
        {
            result[name] = count;
        }

        return result;
    }

    /// <summary>An enum value as its kebab-case name ("local-path", "complete").</summary>
    public static JsonNode Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>An optional enum value as its kebab-case name, or null.</summary>
    public static JsonNode? Name<T>(T? value)
        where T : struct, Enum => value is { } v ? Name(v) : null;
}

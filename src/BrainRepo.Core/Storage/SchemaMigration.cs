using System.Globalization;
using System.Reflection;

namespace BrainRepo.Core.Storage;

/// <summary>
/// One numbered schema migration of a database: an embedded SQL file <c>NNNN_name.sql</c>. Every database engine
/// applies its migrations the same way: each pending one in its own transaction, recorded in the table
/// <c>schema_version(component, version, name, applied_at)</c>. A shipped migration is never edited: add one.
/// </summary>
/// <param name="Version">The number the file name starts with: 1, 2, 3 and so on, without gaps.</param>
/// <param name="Name">The file name without <c>.sql</c>, such as <c>0001_coordination</c>.</param>
/// <param name="Sql">The statements.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>
    /// The migrations embedded in <paramref name="assembly"/> under <paramref name="resourcePrefix"/>, in order.
    /// Throws when they are not numbered 1, 2, 3… without gaps (a packaging mistake, never a user's).
    /// </summary>
    public static IReadOnlyList<SchemaMigration> Load(Assembly assembly, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(resourcePrefix);
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Name: n[resourcePrefix.Length..^4]))
            .Select(x => new SchemaMigration(ParseVersion(x.Name, x.Resource), x.Name, Read(assembly, x.Resource)))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The migrations under {resourcePrefix} are not numbered 1 to {migrations.Count} without gaps: {migrations[i].Name} is number {i + 1}.");
            }
        }

        return migrations.Count > 0
            ? migrations
            : throw new InvalidOperationException($"No embedded migrations under {resourcePrefix}.");
    }

    private static int ParseVersion(string name, string resource) =>
        name.Length > 5 && name[4] == '_' && int.TryParse(name.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new InvalidOperationException($"The migration {resource} is not named NNNN_name.sql.");

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;

namespace BrainRepo.Cli.Tests.Errors;

/// <summary>
/// The error codes in <see cref="ErrorCodes"/> and the table in docs/operations.md describe the same set,
/// each code once, in the BRnnnn format, with the exit code and transient flag that its range gives.
/// </summary>
public sealed partial class ErrorCodeCatalogTests
{
    private static readonly IReadOnlyList<(string Name, string Code)> Constants = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
        .ToList();

    [Fact]
    public void ErrorCodes_AreUnique_AndEachIsBRnnnnInARange()
    {
        Assert.True(Constants.Count >= 30, $"only {Constants.Count} constants were found in ErrorCodes");
        foreach (var (name, code) in Constants)
        {
            Assert.True(CodeFormat().IsMatch(code), $"ErrorCodes.{name} = \"{code}\" is not BR1nnn, BR2nnn or BR3nnn");
        }

        var duplicates = Constants.GroupBy(c => c.Code, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Name))}").ToList();
        Assert.True(duplicates.Count == 0, "codes used twice: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void OperationsTable_ListsEveryErrorCode_AndNoOther()
    {
        var rows = OperationsTable();
        var documented = rows.Select(r => r.Code).ToList();
        var defined = Constants.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(documented.Count, documented.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(defined.Except(documented, StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(defined, StringComparer.Ordinal));
    }

    [Fact]
    public void OperationsTable_ExitAndTransientColumns_FollowTheCodeRange()
    {
        foreach (var row in OperationsTable())
        {
            Assert.Equal((row.Code, CommandFailure.ExitCodeOf(row.Code)), (row.Code, row.Exit));
            Assert.Equal((row.Code, row.Code.StartsWith("BR3", StringComparison.Ordinal)), (row.Code, row.Transient));
            Assert.False(string.IsNullOrWhiteSpace(row.WhatToDo), $"{row.Code} says nothing about what to do");
        }
    }

    [Fact]
    public void Docs_MentionOnlyCodesThatExist()
    {
        var defined = Constants.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "docs"), "*.md")
            .Append(Path.Combine(RepositoryRoot(), "README.md"));

        var unknown = files
            .SelectMany(f => MentionedCode().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Code: m.Value)))
            .Where(m => !defined.Contains(m.Code))
            .Select(m => $"{m.File}: {m.Code}")
            .ToList();

        Assert.Empty(unknown);
    }

    /// <summary>The rows of the table under "## Error codes" in docs/operations.md.</summary>
    private static List<(string Code, int Exit, bool Transient, string WhatToDo)> OperationsTable()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md"));
        var start = text.IndexOf("\n## Error codes", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no '## Error codes' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var rows = section.Split('\n')
            .Where(l => l.StartsWith("| BR", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(c => (c[0], int.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture), c[3] == "yes", c[4]))
            .ToList();
        Assert.NotEmpty(rows);
        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BrainRepo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BrainRepo.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^BR[123]\d{3}$")]
    private static partial Regex CodeFormat();

    [GeneratedRegex(@"\bBR\d{4}\b")]
    private static partial Regex MentionedCode();
}

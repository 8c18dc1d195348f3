using System.ComponentModel;
using System.IO.Enumeration;
using System.Text;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo scan &lt;file-or-dir&gt;... [--json]</c>: the sync's secrets scanner on any files, without a workspace.
/// It decides as a sync does (<see cref="SecretGate"/>): file contents, symlink targets (links are not followed) and the
/// names of files and folders, within the scanner's memory budget. Exits 1 when a sync would withhold anything (a secret,
/// or content it cannot scan), 0 otherwise. Never prints a secret: a path whose names hold one is printed redacted.
/// </summary>
public sealed class ScanCommand(CliContext context) : AsyncCommand<ScanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PATHS>")]
        [Description("Files or folders to scan (folders recursively; symlinks are scanned as their target text, not followed).")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--json")]
        [Description("One JSON object per finding, one per line.")]
        public bool Json { get; init; }
    }

    private sealed record Entry(string FullPath, bool IsLink);

    private sealed record Outcome(string Shown, SecretNameMatch? Name, SecretScanResult? Content, string? Error)
    {
        public bool Withhold => Name is not null || Content?.ShouldWithhold == true;
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var scanner = new SecretScanner();
        var entries = new List<Entry>();
        foreach (var input in settings.Paths)
        {
            var full = Path.GetFullPath(input, context.CurrentDirectory);
            var info = new FileInfo(full);
            if (!info.Exists && !Directory.Exists(full) && info.LinkTarget is null)
            {
                throw new ConfigException($"'{input}' does not exist. Fix: pass an existing file or folder.");
            }

            entries.AddRange(Enumerate(full));
        }

        // The names are scanned together; the entries then in parallel (the scanner is thread-safe, its memory budget
        // shared), and reported in path order.
        var displays = entries.Select(e => Path.GetRelativePath(context.CurrentDirectory, e.FullPath).Replace('\\', '/')).ToList();
        var names = SecretGate.CheckNames(scanner, displays, cancellationToken);
        var results = new Outcome[entries.Count];
        await Parallel.ForAsync(0, entries.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
            results[i] = await ScanOneAsync(scanner, entries[i], names[i]?.DisplayPath ?? displays[i], names[i], token));

        var found = 0;
        var withheld = 0;
        var output = context.Out.Profile.Out.Writer;
        foreach (var result in results)
        {
            if (result.Error is not null)
            {
                context.Err.MarkupLineInterpolated($"[yellow]cannot read {result.Shown}: {result.Error}[/]");
                continue;
            }

            var findings = (result.Name?.Findings ?? []).Concat(result.Content?.Findings ?? []).ToList();
            foreach (var finding in findings)
            {
                found++;
                output.WriteLine(settings.Json ? SecretFindingFormatter.ToJsonLine(result.Shown, finding) : SecretFindingFormatter.ToHumanString(result.Shown, finding));
            }

            if (result.Content?.ArchiveProblem is { } problem)
            {
                output.WriteLine(settings.Json ? SecretFindingFormatter.ToJsonLine(result.Shown, problem) : SecretFindingFormatter.ToHumanString(result.Shown, problem));
            }

            if (result.Withhold)
            {
                withheld++;
            }
        }

        if (!settings.Json)
        {
            context.Err.MarkupLineInterpolated($"{entries.Count} files scanned, {found} secrets found, {withheld} files a sync would withhold.");
        }

        return withheld > 0 ? ExitCodes.Error : ExitCodes.Complete;
    }

    private static async Task<Outcome> ScanOneAsync(SecretScanner scanner, Entry entry, string shown, SecretNameMatch? name, CancellationToken cancellationToken)
    {
        try
        {
            if (entry.IsLink)
            {
                var target = new FileInfo(entry.FullPath).LinkTarget ?? string.Empty;
                return new Outcome(shown, name, SecretGate.ScanContent(scanner, shown, Encoding.UTF8.GetBytes(target), cancellationToken), null);
            }

            var size = new FileInfo(entry.FullPath).Length;
            using var reservation = scanner.MemoryBudget.Reserve(size, cancellationToken);
            if (reservation is null)
            {
                return new Outcome(shown, name, SecretGate.OverBudget(size, scanner.MemoryBudget), null);
            }

            var content = await File.ReadAllBytesAsync(entry.FullPath, cancellationToken);
            return new Outcome(shown, name, SecretGate.ScanContent(scanner, shown, content, cancellationToken), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Outcome(shown, name, null, ex.GetType().Name);
        }
    }

    /// <summary>The files and symlinks under <paramref name="path"/>, in path order; linked folders are not entered.</summary>
    private static IEnumerable<Entry> Enumerate(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return [new Entry(path, IsLink: true)];
        }

        if (info.Exists)
        {
            return [new Entry(path, IsLink: false)];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        var walk = new FileSystemEnumerable<Entry>(
            path,
            (ref FileSystemEntry e) => new Entry(e.ToFullPath(), (e.Attributes & FileAttributes.ReparsePoint) != 0),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) != 0 || !e.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return walk.OrderBy(e => e.FullPath, StringComparer.Ordinal);
    }
}

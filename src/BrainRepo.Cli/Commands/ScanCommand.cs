using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>
/// <c>brainrepo scan &lt;file-or-dir&gt;... [--json]</c>: the sync's secrets scanner on any files, without a
/// workspace. Exits 1 when it finds secrets, 0 when it finds none. Never prints a secret.
/// </summary>
public sealed class ScanCommand(CliContext context) : AsyncCommand<ScanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PATHS>")]
        [Description("Files or folders to scan (folders recursively; symlinks are not followed).")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--json")]
        [Description("One JSON object per finding, one per line.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var scanner = new SecretScanner();
        var files = new List<string>();
        foreach (var input in settings.Paths)
        {
            var full = Path.GetFullPath(input, context.CurrentDirectory);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                throw new ConfigException($"'{input}' does not exist. Fix: pass an existing file or folder.");
            }

            files.AddRange(Enumerate(full));
        }

        // Files are scanned in parallel (the scanner is thread-safe) and reported in path order.
        var results = new (string Display, SecretScanResult? Result, string? Error)[files.Count];
        await Parallel.ForAsync(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
        {
            var display = Path.GetRelativePath(context.CurrentDirectory, files[i]).Replace('\\', '/');
            try
            {
                var content = await File.ReadAllBytesAsync(files[i], token);
                results[i] = (display, scanner.Scan(display, content, token), null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                results[i] = (display, null, ex.GetType().Name);
            }
        });

        var found = 0;
        foreach (var (display, result, error) in results)
        {
            if (error is not null)
            {
                context.Err.MarkupLineInterpolated($"[yellow]cannot read {display}: {error}[/]");
                continue;
            }

            foreach (var finding in result!.Findings)
            {
                found++;
                context.Out.Profile.Out.Writer.WriteLine(settings.Json ? SecretFindingFormatter.ToJsonLine(display, finding) : SecretFindingFormatter.ToHumanString(display, finding));
            }

            if (result.ArchiveProblem is { } problem)
            {
                context.Out.Profile.Out.Writer.WriteLine(settings.Json ? SecretFindingFormatter.ToJsonLine(display, problem) : SecretFindingFormatter.ToHumanString(display, problem));
            }
        }

        if (!settings.Json)
        {
            context.Err.MarkupLineInterpolated($"{files.Count} files scanned, {found} secrets found.");
        }

        return found > 0 ? ExitCodes.Error : ExitCodes.Complete;
    }

    private static IEnumerable<string> Enumerate(string path)
    {
        if (File.Exists(path))
        {
            yield return path;
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(path, "*", options).Order(StringComparer.Ordinal))
        {
            yield return file;
        }
    }
}

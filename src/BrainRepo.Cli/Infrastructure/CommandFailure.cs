using System.Data.Common;
using BrainRepo.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// How a command that ended with an exception is reported: the one place where exceptions become exit codes
/// and the line on stderr. A <see cref="BrainRepoException"/> prints its code, and the code's range gives the
/// exit code (<see cref="ExitCodeOf"/>). The runtime's I/O, database and git exceptions get the code of their
/// kind; a cancel and a command-line mistake have no code; anything else is a bug and says so.
/// </summary>
public sealed class CommandFailure
{
    private readonly string colour;

    private CommandFailure(string headline, string? code, string message, int exitCode, string colour = "red")
    {
        this.colour = colour;
        Headline = headline;
        Code = code;
        Message = message;
        ExitCode = exitCode;
    }

    /// <summary>What starts the line on stderr: <c>error BR1002</c>, <c>usage</c>, <c>Cancelled</c>, <c>internal error</c>.</summary>
    public string Headline { get; }

    /// <summary>The stable <c>BRnnnn</c> code, or null for a cancel, a command-line mistake or a bug.</summary>
    public string? Code { get; }

    /// <summary>The message after the headline.</summary>
    public string Message { get; }

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>The exit code of an error code: <c>BR2xxx</c> (usage or configuration) 2, <c>BR1xxx</c> and <c>BR3xxx</c> 1.</summary>
    public static int ExitCodeOf(string code) =>
        code.StartsWith("BR2", StringComparison.Ordinal) ? ExitCodes.Usage : ExitCodes.Error;

    /// <summary>Describes the exception that ended a command.</summary>
    public static CommandFailure Of(Exception exception) => exception switch
    {
        BrainRepoException ex => Coded(ex.Code, ex.Message),
        OperationCanceledException => new("Cancelled", null, "nothing was committed.", ExitCodes.Error, "yellow"),
        CommandAppException ex => new("usage", null, ex.Message, ExitCodes.Usage),
        IOException ex when IsDiskFull(ex) =>
            Coded(ErrorCodes.DiskFull, $"the disk is full ({ex.Message}). Nothing was committed; free space and sync again."),
        IOException or UnauthorizedAccessException => Coded(ErrorCodes.FileAccess, exception.Message),
        DbException => Coded(ErrorCodes.Database, exception.Message),
        LibGit2Sharp.LibGit2SharpException => Coded(ErrorCodes.GitFailed, exception.Message),
        _ => new(
            "internal error",
            null,
            $"{exception.GetType().Name}: {exception.Message} (please report it; run with -v for details)",
            ExitCodes.Error),
    };

    /// <summary>
    /// Describes the exception that ended the command line <paramref name="args"/>: a command-line mistake says what
    /// was meant ("did you mean", which option a bad value went to); anything else as <see cref="Of(Exception)"/>.
    /// </summary>
    public static CommandFailure Of(Exception exception, IReadOnlyList<string> args) => exception switch
    {
        CommandAppException ex => new("usage", null, UsageHints.Explain(ex.Message, args), ExitCodes.Usage),
        _ => Of(exception),
    };

    /// <summary>Writes the line on stderr.</summary>
    public void WriteTo(IAnsiConsole console) =>
        console.MarkupLine($"[{colour}]{Markup.Escape(Headline)}:[/] {Markup.Escape(Message)}");

    private static CommandFailure Coded(string code, string message) => new($"error {code}", code, message, ExitCodeOf(code));

    private static bool IsDiskFull(IOException ex) =>
        ex.HResult == 28 || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
}

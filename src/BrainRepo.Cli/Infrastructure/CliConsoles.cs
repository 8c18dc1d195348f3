using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>The consoles of the process: on a terminal they wrap at its width; elsewhere (cron, a pipe, a log file) never.</summary>
public static class CliConsoles
{
    /// <summary>The width of a console that is not a terminal: wide enough that no line is wrapped, so one event stays one line.</summary>
    public const int UnwrappedWidth = 32_000;

    /// <summary>A console writing to <paramref name="writer"/>; <paramref name="redirected"/> when it is not a terminal.</summary>
    public static IAnsiConsole For(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }
}

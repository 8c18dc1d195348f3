using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>Everything a command needs from the host: consoles, environment, clock and logging.</summary>
public sealed class CliContext
{
    public required IAnsiConsole Out { get; init; }

    public required IAnsiConsole Err { get; init; }

    /// <summary>Where help is drawn (its columns fit the terminal); by default <see cref="Out"/>.</summary>
    public IAnsiConsole? Help { get; init; }

    public required Func<string, string?> GetEnvironment { get; init; }

    public required string CurrentDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>Standard input (for <c>--token-stdin</c>); tests give a StringReader.</summary>
    public Func<TextReader> OpenInput { get; init; } = () => Console.In;

    /// <summary>True when progress may be drawn (an interactive terminal).</summary>
    public bool Interactive { get; init; }
}

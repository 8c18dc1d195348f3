using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// A minimal logger for the CLI: one line per event on standard error, so that <c>--json</c> output
/// on standard output is never interleaved with log lines. Lighter to start than the console provider.
/// </summary>
public sealed class StderrLoggerProvider(LogLevel minimum, TextWriter? writer = null) : ILoggerProvider
{
    private readonly TextWriter output = writer ?? Console.Error;
    private readonly LogLevel minimumLevel = minimum;
    private readonly object gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, ShortName(categoryName));

    public void Dispose()
    {
    }

    private static string ShortName(string category)
    {
        var i = category.LastIndexOf('.');
        return i < 0 ? category : category[(i + 1)..];
    }

    private void Write(string line)
    {
        lock (gate)
        {
            output.WriteLine(line);
        }
    }

    private sealed class Logger(StderrLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel switch
            {
                LogLevel.Trace => "trace",
                LogLevel.Debug => "debug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "error",
                _ => "crit",
            };
            var line = $"{level}: {category}[{eventId.Id}] {formatter(state, exception)}";
            if (exception is not null)
            {
                line += $" ({exception.GetType().Name}: {exception.Message})";
            }

            provider.Write(line);
        }
    }
}

using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Tests.Support;

/// <summary>Calls back on every log line with its category: lets a test act at a precise step (for example, press Ctrl+C once the push has started).</summary>
internal sealed class CallbackLoggerProvider(Action<string> onLog) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, onLog);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, Action<string> onLog) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            onLog(category);
    }
}

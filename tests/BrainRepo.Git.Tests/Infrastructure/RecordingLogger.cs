using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>Records every log line, at every level, with its structured values and exception.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public ILogger<T> For<T>() => new LoggerFactory([this], new LoggerFilterOptions { MinLevel = LogLevel.Trace }).CreateLogger<T>();

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(";", pairs.Select(p => p.Key + "=" + p.Value))
                : string.Empty;
            owner.Lines.Enqueue($"{logLevel} {category} {eventId.Id} {formatter(state, exception)} [{values}] {exception}");
        }
    }
}

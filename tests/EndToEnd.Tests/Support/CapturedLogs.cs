using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// Collects the agent's log events in memory, so a test can fail on an unexpected Error (the agent's own fault)
/// and check that an event was logged.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

    public IEnumerable<string> Errors =>
        Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category} [{e.Id.Name}] {e.Message} {e.Exception}");

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, eventId, formatter(state, exception), exception));
    }
}

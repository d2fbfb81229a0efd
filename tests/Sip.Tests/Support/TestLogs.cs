using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>One log entry as the stack wrote it.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>
/// Collects logs in memory. <see cref="AssertNoUnexpectedErrors"/> is the error tripwire: an Error the test did not
/// expect means our own fault slipped through.
/// </summary>
internal sealed class TestLogs : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public bool Has(int eventId) => _entries.Any(e => e.EventId.Id == eventId);

    public int Count(int eventId) => _entries.Count(e => e.EventId.Id == eventId);

    public void AssertNoUnexpectedErrors(params int[] expected)
    {
        var errors = _entries.Where(e => e.Level >= LogLevel.Error && !expected.Contains(e.EventId.Id)).ToList();
        Assert.True(errors.Count == 0, "Unexpected error logs:\n" + string.Join("\n", errors.Select(e => $"{e.EventId}: {e.Message} {e.Exception}")));
    }

    /// <summary>Waits (as a hang guard only) until an event was logged.</summary>
    public Task WaitForAsync(int eventId, int count = 1) => Wait.UntilAsync(() => Count(eventId) >= count, $"event {eventId}");

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

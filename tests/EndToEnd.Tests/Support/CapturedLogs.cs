using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// Collects the agent's log events in memory, so a test can fail on an unexpected Error (the agent's own fault)
/// and check that an event was logged.
/// </summary>
internal sealed partial class CapturedLogs : ILoggerProvider
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
            owner.Entries.Enqueue((logLevel, category, eventId, Render(state, exception, formatter), exception));
    }

    /// <summary>
    /// The message as the console shows it (<c>{Message:lj}</c>: strings without quotes). Events arrive through Serilog,
    /// whose own rendering for providers quotes every string value.
    /// </summary>
    private static string Render<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values ||
            values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value is not string template)
        {
            return formatter(state, exception);
        }

        return Placeholder().Replace(template, m => values.FirstOrDefault(v => v.Key == m.Groups[1].Value).Value switch
        {
            ScalarValue scalar => Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? "null",
            { } other => other.ToString() ?? "",
            null => m.Value,
        });
    }

    [GeneratedRegex(@"\{[@$]?(\w+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}

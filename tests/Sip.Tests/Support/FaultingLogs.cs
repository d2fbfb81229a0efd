using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// Logs into <see cref="Logs"/>, except that logging event <c>faultAt</c> throws, the first <c>times</c> times: a fault
/// injected into the code that logs (a logging provider can throw), to show that a loop survives its own faults.
/// </summary>
internal sealed class FaultingLogs(int faultAt, int times = 1) : ILoggerFactory
{
    private readonly int _faultAt = faultAt;
    private readonly int _times = times;
    private int _left = times;

    public TestLogs Logs { get; } = new();

    /// <summary>Faults injected so far.</summary>
    public int Thrown => _times - Math.Max(Volatile.Read(ref _left), 0);

    public ILogger CreateLogger(string categoryName) => new Logger(this, Logs.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(FaultingLogs owner, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == owner._faultAt && Interlocked.Decrement(ref owner._left) >= 0)
            {
                throw new InvalidOperationException($"fault injected at event {eventId.Id}");
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}

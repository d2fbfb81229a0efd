using Microsoft.Extensions.Logging;

namespace PresenceAgent.Tests.Support;

internal sealed record CollectedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

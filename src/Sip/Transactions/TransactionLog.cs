using System.Net;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transactions;

/// <summary>Transaction events, ids 2000–2999. Names and ids are stable: dashboards filter on them.</summary>
internal static partial class TransactionLog
{
    [LoggerMessage(EventId = 2000, EventName = "UnmatchedResponse", Level = LogLevel.Debug,
        Message = "Response {StatusCode} to {Method} from {Remote} matches no transaction; dropped")]
    public static partial void UnmatchedResponse(ILogger logger, int statusCode, string? method, IPEndPoint remote);

    [LoggerMessage(EventId = 2001, EventName = "UnmatchedAck", Level = LogLevel.Debug,
        Message = "ACK from {Remote} dropped: INVITEs are answered without a transaction")]
    public static partial void UnmatchedAck(ILogger logger, IPEndPoint remote);

    [LoggerMessage(EventId = 2002, EventName = "ClientTimeout", Level = LogLevel.Debug,
        Message = "{Method} to {Remote} got no final response within {Timeout} (Timer F, or its share for one target)")]
    public static partial void ClientTimeout(ILogger logger, string method, IPEndPoint remote, TimeSpan timeout);

    [LoggerMessage(EventId = 2003, EventName = "ClientTransportError", Level = LogLevel.Debug,
        Message = "{Method} could not be sent: transport error")]
    public static partial void ClientTransportError(ILogger logger, string method);

    [LoggerMessage(EventId = 2004, EventName = "ServerTransportError", Level = LogLevel.Debug,
        Message = "The response to {Method} from {Remote} could not be sent; transaction ended")]
    public static partial void ServerTransportError(ILogger logger, string method, IPEndPoint remote);

    [LoggerMessage(EventId = 2006, EventName = "TransactionFault", Level = LogLevel.Error,
        Message = "Unexpected failure in a {Method} transaction")]
    public static partial void TransactionFault(ILogger logger, Exception exception, string method);

    // Debug: with one Front End of a pool down, every request that tries it first fails over, and that is by design.
    [LoggerMessage(EventId = 2007, EventName = "ClientFailover", Level = LogLevel.Debug,
        Message = "{Method} to {Host} failed at {Target} ({Reason}); trying {Next}")]
    public static partial void ClientFailover(ILogger logger, string method, string host, string target, string reason, string next);

    [LoggerMessage(EventId = 2008, EventName = "TimerFault", Level = LogLevel.Error,
        Message = "A transaction timer failed; the other timers go on")]
    public static partial void TimerFault(ILogger logger, Exception exception);

    // Debug: a watcher behind NAT names an address we cannot reach in its Contact every time; sending to its source is
    // the point, not a fault.
    [LoggerMessage(EventId = 2009, EventName = "NextHopIgnored", Level = LogLevel.Debug,
        Message = "{Method} to an untrusted peer: next hop {NextHop} is not its address; sent to {Source}, where its request came from")]
    public static partial void NextHopIgnored(ILogger logger, string method, Messages.SipUri nextHop, IPEndPoint source);
}

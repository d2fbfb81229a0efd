using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Logging;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>Transport events, ids 1000–1499. Names and ids are stable: dashboards filter on them.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1000, EventName = "ListenerStarted", Level = LogLevel.Information,
        Message = "SIP listening on {Protocol} {EndPoint}")]
    public static partial void ListenerStarted(ILogger logger, TransportProtocol protocol, IPEndPoint endPoint);

    [LoggerMessage(EventId = 1001, EventName = "ListenerStopped", Level = LogLevel.Information,
        Message = "SIP stopped listening on {Protocol} {EndPoint}")]
    public static partial void ListenerStopped(ILogger logger, TransportProtocol protocol, IPEndPoint endPoint);

    [LoggerMessage(EventId = 1010, EventName = "MalformedRequestAnswered", Level = LogLevel.Debug,
        Message = "Malformed request over {Protocol} from {Remote}: {Reason} ({Detail}); answered {StatusCode}")]
    public static partial void MalformedRequestAnswered(ILogger logger, TransportProtocol protocol, IPEndPoint remote, SipFailureReason reason, string detail, int statusCode);

    [LoggerMessage(EventId = 1011, EventName = "MalformedMessageDropped", Level = LogLevel.Debug,
        Message = "Malformed message over {Protocol} from {Remote} dropped: {Reason} ({Detail})")]
    public static partial void MalformedMessageDropped(ILogger logger, TransportProtocol protocol, IPEndPoint remote, SipFailureReason reason, string detail);

    [LoggerMessage(EventId = 1012, EventName = "DatagramTooLarge", Level = LogLevel.Debug,
        Message = "Datagram from {Remote} longer than MaxDatagramSize ({MaxDatagramSize} bytes) dropped")]
    public static partial void DatagramTooLarge(ILogger logger, IPEndPoint? remote, int maxDatagramSize);

    [LoggerMessage(EventId = 1013, EventName = "UdpReceiveError", Level = LogLevel.Debug,
        Message = "UDP receive on {EndPoint} failed: {Error}")]
    public static partial void UdpReceiveError(ILogger logger, IPEndPoint endPoint, string error);

    [LoggerMessage(EventId = 1014, EventName = "AmplificationLimited", Level = LogLevel.Debug,
        Message = "UDP send of {Bytes} bytes to {Remote} withheld: {Sent} bytes sent against {Received} received from that address, which has not answered us (AmplificationFactor {Factor})")]
    public static partial void AmplificationLimited(ILogger logger, int bytes, IPEndPoint remote, long sent, long received, int factor);

    [LoggerMessage(EventId = 1015, EventName = "MalformedRequestUnanswered", Level = LogLevel.Debug,
        Message = "Malformed request over {Protocol} from {Remote} dropped unanswered, its host being past MalformedResponseBurst: {Reason} ({Detail})")]
    public static partial void MalformedRequestUnanswered(ILogger logger, TransportProtocol protocol, IPEndPoint remote, SipFailureReason reason, string detail);

    [LoggerMessage(EventId = 1020, EventName = "ConnectionAccepted", Level = LogLevel.Debug,
        Message = "TCP connection from {Remote} accepted on {Local}")]
    public static partial void ConnectionAccepted(ILogger logger, IPEndPoint remote, IPEndPoint local);

    [LoggerMessage(EventId = 1021, EventName = "ConnectionOpened", Level = LogLevel.Debug,
        Message = "TCP connection to {Remote} opened from {Local}")]
    public static partial void ConnectionOpened(ILogger logger, IPEndPoint remote, IPEndPoint local);

    [LoggerMessage(EventId = 1022, EventName = "ConnectionClosed", Level = LogLevel.Debug,
        Message = "TCP connection {Local}<->{Remote} closed: {Why}")]
    public static partial void ConnectionClosed(ILogger logger, IPEndPoint local, IPEndPoint remote, string why);

    // Warning, sampled per peer: a refusal means a peer is not served, which an operator may have to size for.
    [LoggerMessage(EventId = 1023, EventName = "ConnectionLimitReached", Level = LogLevel.Warning,
        Message = "TCP connection from {Remote} refused: MaxConnectionsPerAddress ({Limit}) reached for its host{Suppressed}")]
    public static partial void ConnectionLimitReached(ILogger logger, IPEndPoint remote, int limit, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1024, EventName = "ConnectionCapReached", Level = LogLevel.Warning,
        Message = "TCP connection from {Remote} refused: MaxConnections ({Limit}) reached{Suppressed}")]
    public static partial void ConnectionCapReached(ILogger logger, IPEndPoint remote, int limit, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1025, EventName = "InvalidStreamAnswered", Level = LogLevel.Debug,
        Message = "Invalid data on TCP from {Remote}: {Reason} ({Detail}); answered {StatusCode} and closing")]
    public static partial void InvalidStreamAnswered(ILogger logger, IPEndPoint remote, SipFailureReason reason, string detail, int statusCode);

    [LoggerMessage(EventId = 1026, EventName = "InvalidStreamClosed", Level = LogLevel.Debug,
        Message = "Invalid data on TCP from {Remote}: {Reason} ({Detail}); closing")]
    public static partial void InvalidStreamClosed(ILogger logger, IPEndPoint remote, SipFailureReason reason, string detail);

    [LoggerMessage(EventId = 1027, EventName = "ConnectionBrokeMidMessage", Level = LogLevel.Debug,
        Message = "TCP peer {Remote} closed with {Bytes} bytes of an unfinished message")]
    public static partial void ConnectionBrokeMidMessage(ILogger logger, IPEndPoint remote, long bytes);

    [LoggerMessage(EventId = 1028, EventName = "MessageTimedOut", Level = LogLevel.Debug,
        Message = "TCP peer {Remote} did not finish a message within MessageTimeout ({Timeout}); closing")]
    public static partial void MessageTimedOut(ILogger logger, IPEndPoint remote, TimeSpan timeout);

    [LoggerMessage(EventId = 1029, EventName = "WriteTimedOut", Level = LogLevel.Warning,
        Message = "TCP peer {Remote} took no message from us within WriteTimeout ({Timeout}); closing with {Queued} bytes unsent{Suppressed}")]
    public static partial void WriteTimedOut(ILogger logger, IPEndPoint remote, TimeSpan timeout, long queued, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1056, EventName = "UdpQueueOverflowed", Level = LogLevel.Warning,
        Message = "UDP receive queue of {Listener} overflowed: the kernel dropped {Dropped} datagrams; new SUBSCRIBEs and PUBLISHes get 503 with Retry-After {RetryAfter} s until it is down to a quarter{Suppressed}")]
    public static partial void UdpQueueOverflowed(ILogger logger, IPEndPoint listener, uint dropped, long retryAfter, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1057, EventName = "UdpQueueOverflowedNoShedding", Level = LogLevel.Warning,
        Message = "UDP receive queue of {Listener} overflowed: the kernel dropped {Dropped} datagrams (OverloadRetryAfter is zero: new requests are still taken){Suppressed}")]
    public static partial void UdpQueueOverflowedNoShedding(ILogger logger, IPEndPoint listener, uint dropped, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1036, EventName = "SendQueueFull", Level = LogLevel.Warning,
        Message = "Send of {Bytes} bytes to TCP peer {Remote} refused: {Queued} bytes already wait, MaxQueuedBytesPerConnection is {Limit}; closing{Suppressed}")]
    public static partial void SendQueueFull(ILogger logger, int bytes, IPEndPoint remote, long queued, int limit, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1030, EventName = "SendFailed", Level = LogLevel.Debug,
        Message = "Sending over {Protocol} to {Remote} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, TransportProtocol protocol, IPEndPoint remote, string error);

    [LoggerMessage(EventId = 1032, EventName = "NoRoute", Level = LogLevel.Debug,
        Message = "Cannot send {What} to {Target}: {Why}")]
    public static partial void NoRoute(ILogger logger, string what, string target, string why);

    [LoggerMessage(EventId = 1033, EventName = "ConnectFailed", Level = LogLevel.Debug,
        Message = "TCP connect to {Remote} failed: {Error}")]
    public static partial void ConnectFailed(ILogger logger, IPEndPoint remote, string error);

    [LoggerMessage(EventId = 1034, EventName = "AcceptFailed", Level = LogLevel.Debug,
        Message = "TCP accept on {EndPoint} failed: {SocketError}")]
    public static partial void AcceptFailed(ILogger logger, IPEndPoint endPoint, SocketError socketError);

    [LoggerMessage(EventId = 1035, EventName = "OutboundLimitReached", Level = LogLevel.Warning,
        Message = "TCP connection to {Remote} not opened: {Limit} ({Value}) reached{Suppressed}")]
    public static partial void OutboundLimitReached(ILogger logger, IPEndPoint remote, ConnectionLimit limit, int value, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1040, EventName = "ReceiveFault", Level = LogLevel.Error,
        Message = "Unexpected failure handling a message over {Protocol} from {Remote}")]
    public static partial void ReceiveFault(ILogger logger, Exception exception, TransportProtocol protocol, IPEndPoint remote);

    [LoggerMessage(EventId = 1041, EventName = "LoopFault", Level = LogLevel.Error,
        Message = "Unexpected failure in the {Protocol} loop on {EndPoint}")]
    public static partial void LoopFault(ILogger logger, Exception exception, TransportProtocol protocol, IPEndPoint endPoint);

    [LoggerMessage(EventId = 1042, EventName = "SendFault", Level = LogLevel.Error,
        Message = "Unexpected failure sending a message")]
    public static partial void SendFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1043, EventName = "TlsCertificateCheckFault", Level = LogLevel.Error,
        Message = "Unexpected failure checking the TLS certificate {Path} for changes; keeping the one in use and checking again later")]
    public static partial void TlsCertificateCheckFault(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1050, EventName = "TlsCertificateLoaded", Level = LogLevel.Information,
        Message = "TLS certificate {Subject} ({Thumbprint}, valid until {NotAfter:u}) loaded from {Path}")]
    public static partial void TlsCertificateLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter, string path);

    // Warning, not Error: the file is the operator's to fix, and TLS goes on with the certificate in use.
    [LoggerMessage(EventId = 1051, EventName = "TlsCertificateReloadFailed", Level = LogLevel.Warning,
        Message = "TLS certificate {Path} changed but cannot be used; keeping {Thumbprint}: {Error}")]
    public static partial void TlsCertificateReloadFailed(ILogger logger, string path, string thumbprint, string error);

    [LoggerMessage(EventId = 1052, EventName = "TlsEstablished", Level = LogLevel.Debug,
        Message = "TLS with {Remote} established: {SslProtocol} {CipherSuite}, peer certificate {PeerSubject}")]
    public static partial void TlsEstablished(ILogger logger, IPEndPoint remote, SslProtocols sslProtocol,
        TlsCipherSuite cipherSuite, string peerSubject);

    [LoggerMessage(EventId = 1053, EventName = "TlsHandshakeFailed", Level = LogLevel.Debug,
        Message = "TLS handshake with {Remote} failed: {Error}")]
    public static partial void TlsHandshakeFailed(ILogger logger, IPEndPoint remote, string error);

    // Warning rather than the Debug of other peer faults: a Front End whose certificate we refuse is almost always a
    // trust or allow-list setting to fix on one side, and this line is how the operator finds it.
    [LoggerMessage(EventId = 1054, EventName = "TlsClientRefused", Level = LogLevel.Warning,
        Message = "TLS client {Remote} refused: {Reason}{Suppressed}")]
    public static partial void TlsClientRefused(ILogger logger, IPEndPoint remote, string reason, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1055, EventName = "TlsServerRefused", Level = LogLevel.Warning,
        Message = "TLS server {Host} at {Remote} refused: {Reason}{Suppressed}")]
    public static partial void TlsServerRefused(ILogger logger, string host, IPEndPoint remote, string reason, SuppressedLogs suppressed);

    [LoggerMessage(EventId = 1100, EventName = "MessageReceived", Level = LogLevel.Debug,
        Message = "Received {Length} bytes over {Protocol} from {Remote}:\n{Message}")]
    public static partial void MessageReceived(ILogger logger, int length, TransportProtocol protocol, IPEndPoint remote, string message);

    [LoggerMessage(EventId = 1101, EventName = "MessageSent", Level = LogLevel.Debug,
        Message = "Sent {Length} bytes over {Protocol} to {Remote}:\n{Message}")]
    public static partial void MessageSent(ILogger logger, int length, TransportProtocol protocol, IPEndPoint remote, string message);
}

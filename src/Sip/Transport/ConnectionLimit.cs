namespace PresenceAgent.Sip.Transport;

/// <summary>Which limit refused a TCP/TLS connection; the names are the <c>Sip:Limits</c> keys, as logged.</summary>
internal enum ConnectionLimit
{
    None,
    MaxConnections,
    MaxConnectionsPerAddress,
    MaxOutboundConnections,
    MaxOutboundConnectionsPerAddress,
}

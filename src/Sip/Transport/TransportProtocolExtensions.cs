namespace PresenceAgent.Sip.Transport;

/// <summary>Wire names of a transport, its default port, and whether it is reliable (RFC 3261 §18, §19.1.2, §20.42).</summary>
internal static class TransportProtocolExtensions
{
    /// <summary>The transport token of a Via sent-protocol (RFC 3261 §20.42).</summary>
    public static string ViaToken(this TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Udp => "UDP",
        TransportProtocol.Tcp => "TCP",
        TransportProtocol.Tls => "TLS",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Reliable transports get no retransmissions and zero-length Timers J, K and I (RFC 3261 §17).</summary>
    public static bool IsReliable(this TransportProtocol protocol) => protocol != TransportProtocol.Udp;

    /// <summary>Whether messages travel on a connection (the TCP connection table) rather than as datagrams.</summary>
    public static bool IsStream(this TransportProtocol protocol) => protocol is TransportProtocol.Tcp or TransportProtocol.Tls;

    /// <summary>RFC 3261 §19.1.2: 5060 for sip: over UDP and TCP, 5061 for TLS.</summary>
    public static int DefaultPort(this TransportProtocol protocol) => protocol == TransportProtocol.Tls ? 5061 : 5060;

    /// <summary>
    /// The transport a URI asks for (RFC 3261 §19.1.1, §26.2): a sips: URI means TLS (its <c>transport=tcp</c> is TLS
    /// too, and there is no sips: over UDP); a sip: URI takes its <c>transport=</c> parameter, and <c>tls</c> is the form
    /// Lync Front Ends put in their Record-Route. Null for a sip: URI that names none: RFC 3263 then lets DNS choose,
    /// UDP by default. False for a transport we do not run.
    /// </summary>
    public static bool TryParseUriTransport(string scheme, string? value, out TransportProtocol? protocol)
    {
        protocol = null;
        if (string.Equals(scheme, "sips", StringComparison.Ordinal))
        {
            protocol = TransportProtocol.Tls;
            return value is null || value.Equals("tcp", StringComparison.OrdinalIgnoreCase) || value.Equals("tls", StringComparison.OrdinalIgnoreCase);
        }

        if (!string.Equals(scheme, "sip", StringComparison.Ordinal))
        {
            return false;
        }

        if (value is null)
        {
            return true;
        }

        if (value.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = TransportProtocol.Udp;
        }
        else if (value.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = TransportProtocol.Tcp;
        }
        else if (value.Equals("tls", StringComparison.OrdinalIgnoreCase))
        {
            protocol = TransportProtocol.Tls;
        }

        return protocol is not null;
    }
}

namespace PresenceAgent.Sip.Transport;

/// <summary>Wire names of a transport and whether it is reliable (RFC 3261 §18, §20.42).</summary>
internal static class TransportProtocolExtensions
{
    /// <summary>The transport token of a Via sent-protocol (RFC 3261 §20.42).</summary>
    public static string ViaToken(this TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Udp => "UDP",
        TransportProtocol.Tcp => "TCP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Reliable transports get no retransmissions and zero-length Timers J, K and I (RFC 3261 §17).</summary>
    public static bool IsReliable(this TransportProtocol protocol) => protocol != TransportProtocol.Udp;

    /// <summary>The <c>transport=</c> URI parameter (RFC 3261 §19.1.1): null means none (UDP for sip:), false means one we do not run.</summary>
    public static bool TryParseUriTransport(string? value, out TransportProtocol protocol)
    {
        protocol = TransportProtocol.Udp;
        if (value is null || value.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = TransportProtocol.Tcp;
            return true;
        }

        return false;
    }
}

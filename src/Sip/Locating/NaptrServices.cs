using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>The fields of a NAPTR record that RFC 3263 §4.1 reads.</summary>
internal readonly record struct NaptrEntry(int Order, int Preference, string Flags, string Services, string Replacement);

/// <summary>An SRV name to look up and the transport its targets are reached over.</summary>
internal readonly record struct SrvService(TransportProtocol Transport, string Name);

/// <summary>RFC 3263 §4.1: which NAPTR records of a domain name SIP services we run, in the order to use them.</summary>
internal static class NaptrServices
{
    /// <summary>
    /// The records whose service is SIP+D2U, SIP+D2T or SIPS+D2T (restricted to <paramref name="only"/> when the URI
    /// named a transport; a <c>sips:</c> URI names TLS) and whose flag is "S" (the replacement is an SRV name), by order
    /// then preference. Records of a later order stay behind the earlier ones, as the fallback RFC 2915 allows.
    /// </summary>
    public static List<SrvService> Select(IEnumerable<NaptrEntry> records, TransportProtocol? only)
    {
        var chosen = new List<(NaptrEntry Record, TransportProtocol Transport)>();
        foreach (var record in records)
        {
            if (!string.Equals(record.Flags, "s", StringComparison.OrdinalIgnoreCase) ||
                TransportOf(record.Services) is not { } transport ||
                (only is { } wanted && wanted != transport) ||
                record.Replacement.Length == 0)
            {
                continue;
            }

            chosen.Add((record, transport));
        }

        return chosen
            .OrderBy(c => c.Record.Order)
            .ThenBy(c => c.Record.Preference)
            .Select(c => new SrvService(c.Transport, c.Record.Replacement))
            .ToList();
    }

    /// <summary>The SRV name RFC 3263 §4.2 looks up when there is no NAPTR: _sips._tcp for TLS, _sip._udp or _sip._tcp.</summary>
    public static SrvService Conventional(TransportProtocol transport, string domain) => transport switch
    {
        TransportProtocol.Tls => new SrvService(transport, $"_sips._tcp.{domain}"),
        TransportProtocol.Tcp => new SrvService(transport, $"_sip._tcp.{domain}"),
        _ => new SrvService(transport, $"_sip._udp.{domain}"),
    };

    private static TransportProtocol? TransportOf(string service) => service.ToUpperInvariant() switch
    {
        "SIP+D2U" => TransportProtocol.Udp,
        "SIP+D2T" => TransportProtocol.Tcp,
        "SIPS+D2T" => TransportProtocol.Tls,
        _ => null,
    };
}

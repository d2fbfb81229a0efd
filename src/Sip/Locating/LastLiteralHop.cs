using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// The last next hop located for a Request-URI whose host is an IP address, kept by the parts location reads (scheme,
/// host, port, transport). A fan-out sends thousands of NOTIFYs to watchers behind one address (a Front End, a NAT,
/// a load generator) whose Request-URIs differ only in the user part: with this, each is matched as bytes instead of
/// parsed into a <see cref="SipUri"/>. Only literal hosts are kept: they locate the same way for as long as the
/// listeners stand, where a name's answer has a DNS lifetime (<see cref="TargetCache"/>). The hop given back carries
/// the URI it was first located for: after location only its scheme, host, port and transport are read (TLS name,
/// logs), and those are what matched. The transaction layer keeps one more for untrusted watchers, whose hop is
/// honoured only when it names their own source, which it checks on every reuse.
/// </summary>
internal sealed class LastLiteralHop
{
    private static ReadOnlySpan<byte> TransportName => "transport"u8;

    private Entry? _last;

    /// <summary>The targets last located for a Request-URI with these scheme, host, port and transport.</summary>
    public bool TryGet(ReadOnlySpan<byte> requestUri, out NextHopTargets hop)
    {
        if (_last is { } last && Key.TryRead(requestUri, out var key) && last.Key.Matches(key))
        {
            hop = last.Hop;
            return true;
        }

        hop = default;
        return false;
    }

    /// <summary>Keeps <paramref name="hop"/>, located from a Request-URI alone, when its host is an address and it has targets.</summary>
    public void Remember(NextHopTargets hop)
    {
        if (hop.Targets.Count > 0 && Addresses.TryParseLiteral(hop.Uri.Host) is not null)
        {
            _last = new Entry(StoredKey.From(hop.Uri), hop);
        }
    }

    private sealed record Entry(StoredKey Key, NextHopTargets Hop);

    private readonly ref struct Key(ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> host, int? port, bool hasTransport, ReadOnlySpan<byte> transport)
    {
        public ReadOnlySpan<byte> Scheme { get; } = scheme;

        public ReadOnlySpan<byte> Host { get; } = host;

        public int? Port { get; } = port;

        public bool HasTransport { get; } = hasTransport;

        public ReadOnlySpan<byte> Transport { get; } = transport;

        public static bool TryRead(ReadOnlySpan<byte> uri, out Key key)
        {
            key = default;
            if (!SipUri.TryScan(uri, out var parts) || !parts.IsSip)
            {
                return false;
            }

            var hasTransport = false;
            var transport = ReadOnlySpan<byte>.Empty;
            var parameters = new UriParameterReader(parts.Parameters);
            while (parameters.MoveNext())
            {
                if (Ascii.EqualsIgnoreCase(parameters.Name, TransportName))
                {
                    hasTransport = true;
                    transport = parameters.Value;
                }
            }

            if (parameters.Failed)
            {
                return false;
            }

            key = new Key(parts.Scheme, parts.Host, parts.Port, hasTransport, transport);
            return true;
        }
    }

    private sealed record StoredKey(byte[] Scheme, byte[] Host, int? Port, byte[]? Transport)
    {
        public static StoredKey From(SipUri uri) =>
            new(Encoding.UTF8.GetBytes(uri.Scheme), Encoding.UTF8.GetBytes(uri.Host), uri.Port, uri.Transport is { } transport ? Encoding.UTF8.GetBytes(transport) : null);

        // Scheme and host compare without regard to case (RFC 3261 §19.1.4), and so does a transport token.
        public bool Matches(Key key) =>
            Port == key.Port && Ascii.EqualsIgnoreCase(key.Host, Host) && Ascii.EqualsIgnoreCase(key.Scheme, Scheme) &&
            (Transport is null ? !key.HasTransport : key.HasTransport && Ascii.EqualsIgnoreCase(key.Transport, Transport));
    }
}

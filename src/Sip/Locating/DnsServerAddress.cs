using System.Globalization;
using System.Net;

namespace PresenceAgent.Sip.Locating;

/// <summary>The text forms of <see cref="SipDnsOptions.Servers"/>: <c>ip</c>, <c>ip:port</c> or <c>[v6]:port</c>.</summary>
internal static class DnsServerAddress
{
    public const int DefaultPort = 53;

    public static bool TryParse(string? text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // A bare IPv6 address has colons of its own, so only the bracketed form carries a port.
        if (IPAddress.TryParse(text, out var bare) && !text.StartsWith('['))
        {
            endPoint = new IPEndPoint(bare, DefaultPort);
            return true;
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
        }

        var portNumber = DefaultPort;
        if (!IPAddress.TryParse(host, out var address) ||
            (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535)))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, portNumber);
        return true;
    }
}

using System.Net;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// Networks as configuration writes them (<c>Sip:TrustedPeers:Networks</c>, and the host's own allow lists): one
/// reading, so every list an admin writes means the same.
/// </summary>
public static class NetworkText
{
    /// <summary>A CIDR network or a single address (a /32 or /128), IPv4 or IPv6; host bits must be zero.</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // IPNetwork would clear host bits quietly: "10.1.0.1/16" is more likely a typo for a /32 than a wish to
            // trust 65,536 addresses, so it is refused.
            return IPNetwork.TryParse(text, out network) &&
                   IPAddress.TryParse(text.AsSpan(0, slash), out var written) && written.Equals(network.BaseAddress);
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}

using System.Buffers;
using System.Net;
using System.Net.NetworkInformation;
using System.Text.Unicode;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// The hosts a Request-URI may name for us: configured domains, our Via/Contact hosts, and our listener addresses
/// (every local address when a listener is a wildcard). Built at start, read-only afterwards.
/// </summary>
internal sealed class ServedHosts
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<IPAddress> _addresses = [];

    public void Add(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return;
        }

        if (Addresses.TryParseLiteral(host) is { } address)
        {
            _addresses.Add(address);
        }
        else
        {
            _names.Add(TrimRootDot(host));
        }
    }

    public void Add(IPAddress address)
    {
        if (!Addresses.IsWildcard(address))
        {
            _addresses.Add(Addresses.Normalize(address));
            return;
        }

        // Bound to every interface: any local address of the family is ours.
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == address.AddressFamily)
                    {
                        _addresses.Add(Addresses.Normalize(unicast.Address));
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Without the interface list only configured names and literals match.
        }

        _addresses.Add(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback);
    }

    /// <summary>Whether a Request-URI host is ours (names case-insensitively, RFC 3261 §19.1.4; literals by value).</summary>
    public bool Contains(string host) =>
        Addresses.TryParseLiteral(host) is { } address ? _addresses.Contains(address) : _names.Contains(TrimRootDot(host));

    /// <summary><see cref="Contains(string)"/> over a host as received (UTF-8): a name is looked up without a string.</summary>
    public bool Contains(ReadOnlySpan<byte> host)
    {
        Span<char> text = stackalloc char[256];
        if (host.Length > text.Length || Utf8.ToUtf16(host, text, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        var chars = text[..written];
        if (Addresses.TryParseLiteral(chars) is { } address)
        {
            return _addresses.Contains(address);
        }

        return _names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars.EndsWith('.') ? chars[..^1] : chars);
    }

    private static string TrimRootDot(string host) => host.EndsWith('.') ? host[..^1] : host;
}

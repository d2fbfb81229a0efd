using System.Net;
using System.Net.Sockets;

namespace PresenceAgent.Sip.Transport;

/// <summary>Host text to addresses and back, with the IPv6 reference brackets of RFC 3261 §25.1 / RFC 5118.</summary>
internal static class Addresses
{
    public static string StripBrackets(string host) =>
        host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

    /// <summary>An address literal (IPv6 with or without brackets); null for a host name.</summary>
    public static IPAddress? TryParseLiteral(string host) => TryParseLiteral(host.AsSpan());

    /// <inheritdoc cref="TryParseLiteral(string)"/>
    public static IPAddress? TryParseLiteral(ReadOnlySpan<char> host) =>
        IPAddress.TryParse(host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host, out var address) ? Normalize(address) : null;

    /// <summary>The host form of an address for a URI or Via: IPv6 goes in brackets.</summary>
    public static string ToHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static bool IsWildcard(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}

using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Where a request came from, as limits count it: an IPv4 address, or the /64 prefix of an IPv6 address (one host
/// gets a whole /64 and picks any address in it, so counting per address would count nothing). An IPv4-mapped IPv6
/// address (a dual-stack socket) is its IPv4 address. A value, so keeping one costs no allocation.
/// </summary>
internal readonly record struct SourceKey
{
    private readonly ulong _prefix;
    private readonly bool _v6;

    private SourceKey(ulong prefix, bool v6)
    {
        _prefix = prefix;
        _v6 = v6;
    }

    /// <summary>The key of <paramref name="address"/>; read from its bytes, so it allocates nothing.</summary>
    public static SourceKey Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return new SourceKey(BinaryPrimitives.ReadUInt32BigEndian(bytes), v6: false);
        }

        return address.IsIPv4MappedToIPv6
            ? new SourceKey(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), v6: false)
            : new SourceKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), v6: true);
    }

    /// <summary><c>192.0.2.10</c>, or <c>2001:db8:1:2::/64</c>.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!_v6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)_prefix);
            return new IPAddress(bytes[..4]).ToString();
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, _prefix);
        return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/64");
    }
}

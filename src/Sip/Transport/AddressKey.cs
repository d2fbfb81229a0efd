using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// An IP address as 128 bits, for per-address tables that must not allocate per lookup. IPv4 is kept in its
/// IPv4-mapped IPv6 form, so ::ffff:192.0.2.1 and 192.0.2.1 are one key; the IPv6 scope id is left out.
/// </summary>
internal readonly record struct AddressKey(ulong High, ulong Low)
{
    private const ulong MappedPrefix = 0xFFFF_0000_0000UL;

    public bool IsIPv4 => High == 0 && (Low & 0xFFFF_FFFF_0000_0000UL) == MappedPrefix;

    public static AddressKey Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes[12..], out _);
            return new AddressKey(0, MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        }

        address.TryWriteBytes(bytes, out _);
        return new AddressKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>
    /// The host an address belongs to: an IPv4 address, or an IPv6 /64, since a host is given a whole /64 and can pick
    /// a new address in it for every connection (RFC 7421, RFC 8981).
    /// </summary>
    public static AddressKey HostOf(IPAddress address)
    {
        var key = Of(address);
        return key.IsIPv4 ? key : new AddressKey(key.High, 0);
    }
}

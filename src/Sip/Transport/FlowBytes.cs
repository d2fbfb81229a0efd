using System.Buffers.Binary;
using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A flow as a few bytes, for tables that keep flows off the object heap: the protocol, then each endpoint as its
/// address length (4 or 16), the address, the port and, for IPv6, the scope id.
/// </summary>
internal static class FlowBytes
{
    /// <summary>Enough for any flow: one protocol byte and two IPv6 endpoints.</summary>
    public const int MaxLength = 1 + (2 * (1 + 16 + 2 + 4));

    public static int Write(SipFlow flow, Span<byte> destination)
    {
        destination[0] = (byte)flow.Protocol;
        var length = 1;
        length += WriteEndPoint(flow.LocalEndPoint, destination[length..]);
        length += WriteEndPoint(flow.RemoteEndPoint, destination[length..]);
        return length;
    }

    public static SipFlow Read(ReadOnlySpan<byte> source, out int length)
    {
        var protocol = (TransportProtocol)source[0];
        length = 1;
        var local = ReadEndPoint(source[length..], ref length);
        var remote = ReadEndPoint(source[length..], ref length);
        return new SipFlow(protocol, local, remote);
    }

    private static int WriteEndPoint(IPEndPoint endPoint, Span<byte> destination)
    {
        endPoint.Address.TryWriteBytes(destination[1..], out var written);
        destination[0] = (byte)written;
        BinaryPrimitives.WriteUInt16BigEndian(destination[(1 + written)..], (ushort)endPoint.Port);
        if (written == 4)
        {
            return 1 + 4 + 2;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[(1 + written + 2)..], (uint)endPoint.Address.ScopeId);
        return 1 + 16 + 2 + 4;
    }

    private static IPEndPoint ReadEndPoint(ReadOnlySpan<byte> source, ref int length)
    {
        var size = source[0];
        var port = BinaryPrimitives.ReadUInt16BigEndian(source[(1 + size)..]);
        if (size == 4)
        {
            length += 1 + 4 + 2;
            return new IPEndPoint(new IPAddress(source.Slice(1, 4)), port);
        }

        var scope = BinaryPrimitives.ReadUInt32BigEndian(source[(1 + size + 2)..]);
        length += 1 + 16 + 2 + 4;
        return new IPEndPoint(new IPAddress(source.Slice(1, 16), scope), port);
    }
}

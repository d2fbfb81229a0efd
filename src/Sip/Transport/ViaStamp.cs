using System.Buffers.Text;
using System.Net;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Where a request came from, marked in its top Via (RFC 3261 §18.2.1, RFC 3581 §4), worked out on the Via field's bytes:
/// the field is copied as received, only a valueless <c>rport</c> gains the source port and <c>received</c> the source
/// address (replacing one already there, else added last). The same bytes say where the response goes (§18.2.2).
/// </summary>
internal static class ViaStamp
{
    /// <summary>What a stamp can add to a field: <c>=65535</c> and <c>;received=</c> with the longest IPv6 text (45) and scope id.</summary>
    public const int MaxAddedBytes = 6 + 10 + 45 + 11;

    /// <summary>
    /// Writes the Via field value <paramref name="field"/> (unfolded) into <paramref name="destination"/> (at least
    /// <see cref="MaxAddedBytes"/> longer), its first via-parm stamped for <paramref name="source"/>.
    /// <paramref name="udpTarget"/> is where a response over UDP goes when that is the source address (at the rport, else
    /// the sent-by port, else 5060); null when a received parameter the stamp kept names another host. False, and nothing
    /// written, when the first via-parm does not scan.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> field, IPEndPoint source, Span<byte> destination, out int written, out IPEndPoint? udpTarget)
    {
        written = 0;
        udpTarget = null;
        var elements = HeaderValueList.Enumerate(field);
        if (!elements.MoveNext() || !ViaHeader.TryScan(elements.Current, stackalloc byte[Utf8Value.ScratchBytes], out var parts))
        {
            return false;
        }

        var top = elements.Current;
        scoped ReadOnlySpan<byte> rport = default;
        scoped ReadOnlySpan<byte> received = default;
        var hasRPort = false;
        var rportHasValue = false;
        var reader = new ParameterReader(parts.Parameters);
        while (reader.MoveNext())
        {
            // The first of each, as SipParameters reads them.
            if (!hasRPort && Ascii.EqualsIgnoreCase(reader.Name, "rport"u8))
            {
                hasRPort = true;
                rportHasValue = reader.HasValue;
                rport = reader.HasValue ? reader.Value : reader.Name;
            }
            else if (received.IsEmpty && Ascii.EqualsIgnoreCase(reader.Name, "received"u8) && reader.HasValue)
            {
                received = reader.Value;
            }
        }

        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var wantsRPort = hasRPort && !rportHasValue;
        var stamp = wantsRPort || !IsAddress(parts.Host, address);
        // An rport that is no port (a sign, junk, out of range) counts as absent, as ViaHeader.RPort reads it.
        int? rportValue = rportHasValue && Utf8Parser.TryParse(rport, out int p, out var used) && used == rport.Length && rport[0] is >= (byte)'0' and <= (byte)'9' &&
                          p is > 0 and <= ushort.MaxValue ? p : null;
        var port = wantsRPort ? source.Port : rportValue ?? parts.Port ?? TransportProtocol.Udp.DefaultPort();
        if (stamp || received.IsEmpty)
        {
            // Back where it came from: the flow's own end point whenever the port is the source port too.
            udpTarget = port == source.Port ? source : new IPEndPoint(address, port);
        }

        if (!stamp)
        {
            field.CopyTo(destination);
            written = field.Length;
            return true;
        }

        // At most two edits, applied in the order they stand: the rport value after its name, and the received value
        // replaced in place or a received parameter added after the via-parm.
        var rportAt = -1;
        if (wantsRPort)
        {
            field.Overlaps(rport, out rportAt);
            rportAt += rport.Length;
        }

        int receivedAt, receivedEnd;
        if (received.IsEmpty)
        {
            field.Overlaps(top, out receivedAt);
            receivedAt += top.Length;
            receivedEnd = receivedAt;
        }
        else
        {
            field.Overlaps(received, out receivedAt);
            receivedEnd = receivedAt + received.Length;
        }

        var at = 0;
        if (rportAt >= 0 && rportAt <= receivedAt)
        {
            at = WriteRPort(field, at, rportAt, source.Port, destination, ref written);
        }

        Copy(field, at, receivedAt, destination, ref written);
        if (received.IsEmpty)
        {
            ";received="u8.CopyTo(destination[written..]);
            written += 10;
        }

        written += Format(address, destination[written..]);
        at = receivedEnd;
        if (rportAt > receivedAt)
        {
            at = WriteRPort(field, at, rportAt, source.Port, destination, ref written);
        }

        Copy(field, at, field.Length, destination, ref written);
        return true;
    }

    /// <summary>The sent-by host is an address literal equal to <paramref name="address"/>.</summary>
    private static bool IsAddress(ReadOnlySpan<byte> host, IPAddress address)
    {
        if (host.Length > 1 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        // The usual case, a peer writing its own address as we would, is a byte comparison; any other literal form parses.
        Span<byte> text = stackalloc byte[64];
        if (address.TryFormat(text, out var length) && host.SequenceEqual(text[..length]))
        {
            return true;
        }

        Span<char> chars = stackalloc char[64];
        return host.Length <= chars.Length && Encoding.ASCII.GetChars(host, chars) is var n &&
               IPAddress.TryParse(chars[..n], out var literal) && literal.Equals(address);
    }

    private static int Copy(ReadOnlySpan<byte> field, int from, int to, Span<byte> destination, ref int written)
    {
        field[from..to].CopyTo(destination[written..]);
        written += to - from;
        return to;
    }

    /// <summary>Copies up to the end of a valueless rport's name and gives it the source port.</summary>
    private static int WriteRPort(ReadOnlySpan<byte> field, int from, int nameEnd, int port, Span<byte> destination, ref int written)
    {
        Copy(field, from, nameEnd, destination, ref written);
        destination[written++] = (byte)'=';
        written += Format(port, destination[written..]);
        return nameEnd;
    }

    private static int Format(int value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var length) ? length : throw new InvalidOperationException("a port does not fit");

    private static int Format(IPAddress address, Span<byte> destination) =>
        address.TryFormat(destination, out var length) ? length : throw new InvalidOperationException("an address does not fit");
}

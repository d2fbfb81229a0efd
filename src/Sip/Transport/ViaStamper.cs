using System.Buffers;
using System.Net;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>Marks where a request came from in the top Via of a message built as objects (see <see cref="ViaStamp"/>).</summary>
internal static class ViaStamper
{
    /// <summary>
    /// RFC 3261 §18.2.1: add <c>received=</c> when the sent-by host is not the source address. RFC 3581 §4: a valueless
    /// <c>rport</c> gets the source port, and then <c>received</c> is added even when it equals sent-by. Stamping twice
    /// changes nothing more; a message whose first Via does not scan is left as it is.
    /// </summary>
    public static void Stamp(SipMessage message, IPEndPoint source)
    {
        var index = message.Headers.IndexOf(HeaderKind.Via);
        if (index < 0)
        {
            return;
        }

        using var field = new Utf8Value(message.Headers[index], stackalloc byte[Utf8Value.ScratchBytes]);
        var rented = ArrayPool<byte>.Shared.Rent(field.Span.Length + ViaStamp.MaxAddedBytes);
        if (ViaStamp.TryWrite(field.Span, source, rented, out var written, out _) && !field.Span.SequenceEqual(rented.AsSpan(0, written)))
        {
            message.Headers.Replace(index, Encoding.UTF8.GetString(rented, 0, written));
        }

        ArrayPool<byte>.Shared.Return(rented);
    }
}

using System.Buffers.Binary;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Dialogs;

/// <summary>
/// What every request of a dialog carries alike and the dialog keeps only as bytes, written once as UTF-8 when the
/// dialog is made and again when its target is refreshed: the Request-URI, then the Route and To (the peer's From,
/// verbatim) lines. One array, the offsets it is read by in front, replaced whole: a reader never sees half of a
/// refresh. The dialog keeps no other copy of the peer's From and Contact. Our From and the Call-ID, which it holds as
/// strings anyway (our To is shared by every watcher of a contact), are written per request from those: pre-written,
/// they would cost a notifier keeping dialogs by the hundred thousand a third more bytes per dialog.
/// </summary>
internal static class DialogHead
{
    // Five little-endian ints: the Request-URI's length, then where the remote target and the To value are (offset,
    // length): the target is the Request-URI, except under a strict router where it is the last Route.
    private const int PrefixLength = 20;

    /// <summary>The head of a dialog with the peer's From <paramref name="remoteHeader"/> and Contact URI <paramref name="target"/>, as UTF-8.</summary>
    public static byte[] Build(ReadOnlySpan<byte> remoteHeader, ReadOnlySpan<byte> target, string[]? routes)
    {
        // RFC 3261 §12.2.1.1: loose routing keeps the target as Request-URI; a strict router becomes the Request-URI and
        // the target the last Route.
        var strict = routes is { Length: > 0 } && !SipUri.Parse(routes[0]).IsLooseRouter;
        var uri = strict ? SipUri.Parse(routes![0]).WithoutHeaders().ToString() : null;
        var length = PrefixLength + (uri is null ? target.Length : Utf8(uri)) + Line("To", 0) + remoteHeader.Length;
        for (var i = strict ? 1 : 0; i < (routes?.Length ?? 0); i++)
        {
            length += Line("Route", 2) + Utf8(routes![i]);
        }

        if (strict)
        {
            length += Line("Route", 2) + target.Length;
        }

        var head = new byte[length];
        var w = new SpanWriter(head.AsSpan(PrefixLength));
        if (uri is null)
        {
            w.Value(target);
        }
        else
        {
            w.Value(uri);
        }

        BinaryPrimitives.WriteInt32LittleEndian(head, w.Written);
        var targetStart = PrefixLength;
        for (var i = strict ? 1 : 0; i < (routes?.Length ?? 0); i++)
        {
            w.Bytes("Route: <"u8);
            w.Value(routes![i]);
            w.Bytes(">\r\n"u8);
        }

        if (strict)
        {
            w.Bytes("Route: <"u8);
            targetStart = PrefixLength + w.Written;
            w.Value(target);
            w.Bytes(">\r\n"u8);
        }

        w.Bytes("To: "u8);
        var toStart = PrefixLength + w.Written;
        w.Value(remoteHeader);
        var toLength = PrefixLength + w.Written - toStart;
        w.Bytes("\r\n"u8);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(4), targetStart);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), target.Length);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(12), toStart);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(16), toLength);
        return head;
    }

    /// <summary>The Request-URI of every request, as it goes on the start line.</summary>
    public static ReadOnlyMemory<byte> RequestUri(byte[] head) => head.AsMemory(PrefixLength, BinaryPrimitives.ReadInt32LittleEndian(head));

    /// <summary>The remote target (the peer's Contact URI).</summary>
    public static ReadOnlyMemory<byte> Target(byte[] head) =>
        head.AsMemory(BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4)), BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8)));

    /// <summary>The To value of our requests: the peer's From as it sent it.</summary>
    public static ReadOnlyMemory<byte> To(byte[] head) =>
        head.AsMemory(BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(12)), BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(16)));

    /// <summary>The header lines every request carries, each ending in CRLF: Route, To.</summary>
    public static ReadOnlySpan<byte> Lines(byte[] head) => head.AsSpan(PrefixLength + BinaryPrimitives.ReadInt32LittleEndian(head));

    public static bool HasRoute(byte[] head) => Lines(head).StartsWith("Route: "u8);

    private static int Utf8(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>A line's name, colon, space and CRLF, with <paramref name="extra"/> bytes of punctuation.</summary>
    private static int Line(string name, int extra) => name.Length + 4 + extra;
}

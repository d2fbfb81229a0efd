using System.Buffers.Text;
using System.Text;

namespace PresenceAgent.Sip.Dialogs;

/// <summary>
/// Writes a message head into a span sized beforehand. A value is written as UTF-8 with any CR or LF as a space, so a
/// value can never start a header line of its own (as <see cref="Writing.SipMessageWriter"/> does).
/// </summary>
internal ref struct SpanWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Written { get; private set; }

    public void Ascii(string text)
    {
        Written += Encoding.ASCII.GetBytes(text, _destination[Written..]);
    }

    public void Bytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[Written..]);
        Written += bytes.Length;
    }

    public void Value(string value)
    {
        var written = _destination[Written..][..Encoding.UTF8.GetBytes(value, _destination[Written..])];
        Unfold(written);
        Written += written.Length;
    }

    /// <summary>UTF-8 written as <see cref="Value(string)"/> writes a string: any CR or LF as a space.</summary>
    public void Value(scoped ReadOnlySpan<byte> value)
    {
        var written = _destination.Slice(Written, value.Length);
        value.CopyTo(written);
        Unfold(written);
        Written += written.Length;
    }

    public void Number(ulong value)
    {
        Utf8Formatter.TryFormat(value, _destination[Written..], out var written);
        Written += written;
    }

    // One read-only pass in the common case, where a value has no line break to replace.
    private static void Unfold(Span<byte> written)
    {
        if (written.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            written.Replace((byte)'\r', (byte)' ');
            written.Replace((byte)'\n', (byte)' ');
        }
    }
}

using System.Buffers;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// A header value as the UTF-8 bytes the grammar reads: a received value in place, unfolded into the scratch when it was
/// folded (so the grammar sees what <see cref="HeaderField.Value"/> reads), or text we hold, encoded. A value longer than
/// the scratch goes to a pooled array, which <see cref="Dispose"/> returns.
/// </summary>
internal ref struct Utf8Value
{
    /// <summary>A stack scratch this long holds any value of an ordinary message.</summary>
    public const int ScratchBytes = 256;

    private byte[]? _rented;

    public Utf8Value(in HeaderField field, Span<byte> scratch)
    {
        var raw = field.RawValue;
        if (raw.IsEmpty)
        {
            Span = Encode(field.Value, scratch);
        }
        else if (field.IsOneLine || raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            Span = raw;
        }
        else
        {
            var destination = Destination(raw.Length, scratch);
            Span = destination[..HeaderField.Unfold(raw, destination)];
        }
    }

    public Utf8Value(ReadOnlySpan<char> text, Span<byte> scratch) => Span = Encode(text, scratch);

    public ReadOnlySpan<byte> Span { get; }

    public readonly void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }

    private Span<byte> Encode(ReadOnlySpan<char> text, Span<byte> scratch)
    {
        var destination = Destination(Encoding.UTF8.GetByteCount(text), scratch);
        return destination[..Encoding.UTF8.GetBytes(text, destination)];
    }

    private Span<byte> Destination(int length, Span<byte> scratch) =>
        length <= scratch.Length ? scratch : _rented = ArrayPool<byte>.Shared.Rent(length);
}

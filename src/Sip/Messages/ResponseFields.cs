using System.Runtime.CompilerServices;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The few header fields a handler adds to a response written straight from its request's bytes (Contact, Expires…),
/// held in place: a value type, so answering builds no header list, and a number is written as digits, not as a string.
/// </summary>
public struct ResponseFields
{
    /// <summary>How many fields one response may add; more is a caller bug.</summary>
    public const int Capacity = 4;

    private Fields _fields;

    public int Count { get; private set; }

    public void Add(HeaderKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfEqual(kind, HeaderKind.Unknown);
        Append(new ResponseField(kind, value, 0));
    }

    public void Add(HeaderKind kind, long value)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(kind, HeaderKind.Unknown);
        Append(new ResponseField(kind, null, value));
    }

    /// <summary>An extension header, by its name (RFC 3903's SIP-ETag, say).</summary>
    public void Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var kind = HeaderDescriptor.FindByName(name);
        Append(new ResponseField(kind, value, 0, kind == HeaderKind.Unknown ? name : null));
    }

    internal readonly ResponseField this[int index] => _fields[index];

    private void Append(ResponseField field)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"A response adds at most {Capacity} fields this way.");
        }

        _fields[Count++] = field;
    }

    [InlineArray(Capacity)]
    private struct Fields
    {
        private ResponseField _first;
    }
}

using System.Buffers;
using System.Collections;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>The ordered header fields of a message. Order is kept: Via and Route order carry meaning.</summary>
public sealed class SipHeaders : IReadOnlyList<HeaderField>
{
    // The fields in an array of their own rather than a List: a parsed message sizes it exactly, and every message
    // saves the list object. The last two received values decoded to text are kept by index: the typed views read
    // the bytes, so few values are ever decoded, and an array for them cost every message more than it saved.
    private HeaderField[] _fields;
    private int _count;
    private (int Index, string? Value) _decoded0 = (-1, null);
    private (int Index, string? Value) _decoded1 = (-1, null);

    public SipHeaders() => _fields = [];

    internal SipHeaders(int capacity) => _fields = capacity == 0 ? [] : new HeaderField[capacity];

    private SipHeaders(HeaderField[] fields) => _fields = fields;

    /// <summary>
    /// Headers whose array is rented: a received message's, given back by <see cref="ReturnRented"/> when nothing kept
    /// the message (<see cref="SipMessage.BytesReleased"/>); a message that is kept just keeps the array.
    /// </summary>
    internal static SipHeaders Rent(int capacity) => new(capacity == 0 ? [] : ArrayPool<HeaderField>.Shared.Rent(capacity));

    /// <summary>Gives a rented array back; the headers read as empty from then on, so a stray reader finds nothing rather than another message's fields.</summary>
    internal void ReturnRented()
    {
        var fields = _fields;
        _fields = [];
        _count = 0;
        Changed();
        if (fields.Length > 0)
        {
            ArrayPool<HeaderField>.Shared.Return(fields, clearArray: true);
        }
    }

    /// <summary>Empties received headers that are to be parsed into again, keeping the array for the next message.</summary>
    internal void Clear()
    {
        _fields.AsSpan(0, _count).Clear();
        _count = 0;
        Changed();
    }

    /// <summary>
    /// Room for <paramref name="capacity"/> parsed fields in a rented array. An array too small is left to the GC rather
    /// than returned: it may have been grown by a change, and the pool only takes back arrays of its own sizes.
    /// </summary>
    internal void Reserve(int capacity)
    {
        if (capacity > _fields.Length)
        {
            _fields = ArrayPool<HeaderField>.Shared.Rent(capacity);
        }
    }

    /// <summary>Changes on every mutation, so typed views of a message know when to re-read.</summary>
    internal int Version { get; private set; }

    public int Count => _count;

    public HeaderField this[int index] => (uint)index < (uint)_count ? _fields[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(HeaderKind kind, string value)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(kind, HeaderKind.Unknown);
        Insert(_count, new HeaderField(kind, value));
    }

    public void Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Insert(_count, new HeaderField(name, value));
    }

    /// <summary>Adds a field as it is, without counting a change: for a message still being built.</summary>
    internal void AddParsed(in HeaderField field)
    {
        EnsureRoom(1);
        _fields[_count++] = field;
    }

    internal void AddParsed(ReadOnlySpan<HeaderField> fields)
    {
        EnsureRoom(fields.Length);
        fields.CopyTo(_fields.AsSpan(_count));
        _count += fields.Length;
    }

    /// <summary>Puts a field first (a new top Via, say).</summary>
    public void Prepend(HeaderKind kind, string value)
    {
        Insert(0, new HeaderField(kind, value));
    }

    /// <summary>Replaces every field of this kind with one field, at the place of the first.</summary>
    public void Set(HeaderKind kind, string value)
    {
        var at = IndexOf(kind);
        RemoveAll(kind);
        Insert(at < 0 ? _count : at, new HeaderField(kind, value));
    }

    /// <summary>Replaces the field at <paramref name="index"/>.</summary>
    public void Replace(int index, string value)
    {
        var old = this[index];
        _fields[index] = old.Kind == HeaderKind.Unknown ? new HeaderField(old.Name, value) : new HeaderField(old.Kind, value);
        Changed();
    }

    internal void RemoveAt(int index)
    {
        _ = this[index];
        _fields.AsSpan(index + 1, _count - index - 1).CopyTo(_fields.AsSpan(index));
        _fields[--_count] = default;
        Changed();
    }

    public int RemoveAll(HeaderKind kind)
    {
        var n = RemoveWhere(static (f, kind) => f.Kind == kind, kind);
        Changed();
        return n;
    }

    public int RemoveAll(string name)
    {
        var n = RemoveWhere(static (f, name) => f.NameEquals(name), name);
        Changed();
        return n;
    }

    public bool Contains(HeaderKind kind) => IndexOf(kind) >= 0;

    public int IndexOf(HeaderKind kind, int start = 0)
    {
        for (var i = start; i < _count; i++)
        {
            if (_fields[i].Kind == kind)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first field's whole value, or null.</summary>
    public string? GetFirst(HeaderKind kind)
    {
        var i = IndexOf(kind);
        return i < 0 ? null : ValueAt(i);
    }

    /// <summary>
    /// The value of field <paramref name="index"/> as text. The last two received values decoded are kept, so readers
    /// that take one value in turn do not each decode the bytes again.
    /// </summary>
    public string ValueAt(int index)
    {
        var field = this[index];
        if (!field.IsRaw)
        {
            return field.Value;
        }

        if (_decoded0.Index == index)
        {
            return _decoded0.Value!;
        }

        if (_decoded1.Index == index)
        {
            return _decoded1.Value!;
        }

        var value = Repeats(field.Kind) && field.RawValue.IndexOfAny((byte)'\r', (byte)'\n') < 0 ? RecentStrings.Get(field.RawValue) : field.Value;
        _decoded1 = _decoded0;
        _decoded0 = (index, value);
        return value;
    }

    /// <summary>The first value of an unknown (extension) header, by name.</summary>
    public string? GetFirst(string name)
    {
        foreach (var f in _fields.AsSpan(0, _count))
        {
            if (f.NameEquals(name))
            {
                return f.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Every value of a header in order; list headers (RFC 3261 §7.3.1) are split at top-level commas, so
    /// <c>Via: a, b</c> and two Via fields give the same sequence.
    /// </summary>
    public IEnumerable<string> GetValues(HeaderKind kind)
    {
        var split = HeaderDescriptor.Get(kind).IsList;
        for (var i = 0; i < _count; i++)
        {
            if (_fields[i].Kind != kind)
            {
                continue;
            }

            var value = ValueAt(i);
            if (!split || !value.Contains(',', StringComparison.Ordinal))
            {
                yield return value.Trim();
                continue;
            }

            foreach (var v in HeaderValueList.Split(value))
            {
                yield return v;
            }
        }
    }

    /// <summary>Case-insensitive membership in a token list header (Require, Supported, Allow…), read from the bytes.</summary>
    public bool HasToken(HeaderKind kind, string token)
    {
        var split = HeaderDescriptor.Get(kind).IsList;
        Span<byte> scratch = stackalloc byte[Utf8Value.ScratchBytes];
        for (var i = IndexOf(kind); i >= 0; i = IndexOf(kind, i + 1))
        {
            using var value = new Utf8Value(_fields[i], scratch);
            if (!split)
            {
                if (Ascii.EqualsIgnoreCase(value.Span.TrimWsp(), token))
                {
                    return true;
                }

                continue;
            }

            foreach (var part in HeaderValueList.Enumerate(value.Span))
            {
                if (Ascii.EqualsIgnoreCase(part, token))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public ReadOnlySpan<HeaderField>.Enumerator GetEnumerator() => new ReadOnlySpan<HeaderField>(_fields, 0, _count).GetEnumerator();

    IEnumerator<HeaderField> IEnumerable<HeaderField>.GetEnumerator() => ((IEnumerable<HeaderField>)_fields[.._count]).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<HeaderField>)this).GetEnumerator();

    private void Insert(int index, in HeaderField field)
    {
        EnsureRoom(1);
        _fields.AsSpan(index, _count - index).CopyTo(_fields.AsSpan(index + 1));
        _fields[index] = field;
        _count++;
        Changed();
    }

    private void EnsureRoom(int more)
    {
        if (_count + more > _fields.Length)
        {
            Array.Resize(ref _fields, Math.Max(_count + more, Math.Max(4, _fields.Length * 2)));
        }
    }

    private int RemoveWhere<TState>(Func<HeaderField, TState, bool> match, TState state)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!match(_fields[i], state))
            {
                _fields[kept++] = _fields[i];
            }
        }

        var removed = _count - kept;
        _fields.AsSpan(kept, removed).Clear();
        _count = kept;
        return removed;
    }

    /// <summary>
    /// Headers whose values are much the same from message to message (capabilities, Event, Content-Type, a peer's
    /// User-Agent): decoded through <see cref="RecentStrings"/>, so a repeated value is one string, not one per message.
    /// </summary>
    private static bool Repeats(HeaderKind kind) => kind is HeaderKind.Accept or HeaderKind.AcceptEncoding or HeaderKind.AcceptLanguage or
        HeaderKind.Allow or HeaderKind.AllowEvents or HeaderKind.ContentDisposition or HeaderKind.ContentEncoding or HeaderKind.ContentType or
        HeaderKind.Event or HeaderKind.Expires or HeaderKind.MaxForwards or HeaderKind.MinExpires or HeaderKind.ProxyRequire or
        HeaderKind.Require or HeaderKind.Server or HeaderKind.Supported or HeaderKind.Unsupported or HeaderKind.UserAgent;

    /// <summary>A change moves fields, so the decoded values kept by index go; received values decode again when read.</summary>
    private void Changed()
    {
        _decoded0 = _decoded1 = (-1, null);
        Version++;
    }
}

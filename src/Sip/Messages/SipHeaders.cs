using System.Collections;

namespace PresenceAgent.Sip.Messages;

/// <summary>The ordered header fields of a message. Order is kept: Via and Route order carry meaning.</summary>
public sealed class SipHeaders : IReadOnlyList<HeaderField>
{
    private readonly List<HeaderField> _fields;

    public SipHeaders() => _fields = [];

    internal SipHeaders(int capacity) => _fields = new List<HeaderField>(capacity);

    /// <summary>Changes on every mutation, so typed views of a message know when to re-read.</summary>
    internal int Version { get; private set; }

    public int Count => _fields.Count;

    public HeaderField this[int index] => _fields[index];

    public void Add(HeaderKind kind, string value)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(kind, HeaderKind.Unknown);
        _fields.Add(new HeaderField(kind, value));
        Version++;
    }

    public void Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _fields.Add(new HeaderField(name, value));
        Version++;
    }

    internal void AddParsed(in HeaderField field) => _fields.Add(field);

    internal void AddParsed(ReadOnlySpan<HeaderField> fields) => _fields.AddRange(fields);

    /// <summary>Puts a field first (a new top Via, say).</summary>
    public void Prepend(HeaderKind kind, string value)
    {
        _fields.Insert(0, new HeaderField(kind, value));
        Version++;
    }

    /// <summary>Replaces every field of this kind with one field, at the place of the first.</summary>
    public void Set(HeaderKind kind, string value)
    {
        var at = _fields.FindIndex(f => f.Kind == kind);
        RemoveAll(kind);
        var field = new HeaderField(kind, value);
        if (at < 0)
        {
            _fields.Add(field);
        }
        else
        {
            _fields.Insert(at, field);
        }

        Version++;
    }

    /// <summary>Replaces the field at <paramref name="index"/>.</summary>
    public void Replace(int index, string value)
    {
        var old = _fields[index];
        _fields[index] = old.Kind == HeaderKind.Unknown ? new HeaderField(old.Name, value) : new HeaderField(old.Kind, value);
        Version++;
    }

    internal void RemoveAt(int index)
    {
        _fields.RemoveAt(index);
        Version++;
    }

    public int RemoveAll(HeaderKind kind)
    {
        var n = _fields.RemoveAll(f => f.Kind == kind);
        Version++;
        return n;
    }

    public int RemoveAll(string name)
    {
        var n = _fields.RemoveAll(f => f.NameEquals(name));
        Version++;
        return n;
    }

    public bool Contains(HeaderKind kind) => IndexOf(kind) >= 0;

    public int IndexOf(HeaderKind kind, int start = 0)
    {
        for (var i = start; i < _fields.Count; i++)
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
    /// The value of field <paramref name="index"/> as text. A received field is decoded once and the text kept with
    /// it, so the several readers of Via, From or Contact do not each decode the bytes again.
    /// </summary>
    public string ValueAt(int index)
    {
        var field = _fields[index];
        if (!field.IsRaw)
        {
            return field.Value;
        }

        var value = field.Value;
        _fields[index] = field.WithDecodedValue(value);
        return value;
    }

    /// <summary>The first value of an unknown (extension) header, by name.</summary>
    public string? GetFirst(string name)
    {
        foreach (var f in _fields)
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
        for (var i = 0; i < _fields.Count; i++)
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

    /// <summary>Case-insensitive membership in a token list header (Require, Supported, Allow…).</summary>
    public bool HasToken(HeaderKind kind, string token)
    {
        foreach (var v in GetValues(kind))
        {
            if (string.Equals(v, token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public List<HeaderField>.Enumerator GetEnumerator() => _fields.GetEnumerator();

    IEnumerator<HeaderField> IEnumerable<HeaderField>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

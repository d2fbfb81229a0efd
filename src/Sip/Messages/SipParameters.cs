using System.Collections;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Ordered <c>;name[=value]</c> parameters of a header (RFC 3261 §25.1 generic-param) or a URI (§19.1.1 uri-parameter).
/// Names compare case-insensitively; names and values are kept as received (quoted strings keep their quotes, URI
/// escapes stay escaped), so they print back unchanged.
/// </summary>
public sealed class SipParameters : IReadOnlyList<KeyValuePair<string, string?>>
{
    // An array of its own rather than a List (one object less per parsed header), made at its size when parsed, and
    // only when there is a parameter: most URIs have none, a header's one or two.
    private KeyValuePair<string, string?>[]? _items;
    private int _count;

    public int Count => _count;

    public KeyValuePair<string, string?> this[int index] =>
        (uint)index < (uint)_count ? _items![index] : throw new ArgumentOutOfRangeException(nameof(index));

    private ReadOnlySpan<KeyValuePair<string, string?>> Items => _items.AsSpan(0, _count);

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value, null when absent or when the parameter has no value (a flag such as <c>lr</c>).</summary>
    public string? Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : _items![i].Value;
    }

    public void Set(string name, string? value)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            Add(name, value);
        }
        else
        {
            _items![i] = new(_items[i].Key, value);
        }
    }

    public void Add(string name, string? value)
    {
        if (_items is null || _count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(2, _count * 2));
        }

        _items[_count++] = new(name, value);
    }

    public bool Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            return false;
        }

        _items.AsSpan(i + 1, _count - i - 1).CopyTo(_items.AsSpan(i));
        _items![--_count] = default;
        return true;
    }

    private int IndexOf(string name)
    {
        var items = Items;
        for (var i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public void AppendTo(StringBuilder sb)
    {
        foreach (var (name, value) in Items)
        {
            sb.Append(';').Append(name);
            if (value is not null)
            {
                sb.Append('=').Append(value);
            }
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>
    /// Parses header parameters <c>;a=b;c</c> (generic-param) from <paramref name="text"/> (which starts at the first ';'
    /// or is empty).
    /// Quoted values may contain ';'. Returns false on an empty name or an unterminated quote.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipParameters parameters)
    {
        using var utf8 = new Utf8Value(text, stackalloc byte[Utf8Value.ScratchBytes]);
        return TryParse(utf8.Span, out parameters);
    }

    /// <summary><see cref="TryParse(ReadOnlySpan{char}, out SipParameters)"/> over UTF-8 bytes.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out SipParameters parameters)
    {
        parameters = new SipParameters();
        var count = 0;
        for (var counter = new ParameterReader(text); counter.MoveNext();)
        {
            count++;
        }

        if (count > 0)
        {
            parameters._items = new KeyValuePair<string, string?>[count];
        }

        var reader = new ParameterReader(text);
        while (reader.MoveNext())
        {
            var value = reader.HasValue ? Encoding.UTF8.GetString(reader.Value) : null;
            parameters._items![parameters._count++] = new(CommonTokens.ParameterName(reader.Name), value);
        }

        return !reader.Failed;
    }

    /// <summary>The uri-parameters <see cref="SipUri.TryScan"/> accepted, read by the URI rule rather than the header one.</summary>
    internal static SipParameters FromUri(ReadOnlySpan<byte> text)
    {
        var parameters = new SipParameters();
        var count = 0;
        for (var counter = new UriParameterReader(text); counter.MoveNext();)
        {
            count++;
        }

        if (count > 0)
        {
            parameters._items = new KeyValuePair<string, string?>[count];
        }

        var reader = new UriParameterReader(text);
        while (reader.MoveNext())
        {
            var value = reader.HasValue ? Encoding.ASCII.GetString(reader.Value) : null;
            parameters._items![parameters._count++] = new(CommonTokens.ParameterName(reader.Name), value);
        }

        return parameters;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        (_items ?? []).Take(_count).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Buffers;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>Splits a list header's value at commas that are not inside quotes or angle brackets (RFC 3261 §7.3.1).</summary>
public static class HeaderValueList
{
    public static List<string> Split(string value)
    {
        var parts = new List<string>(1);
        using var utf8 = new Utf8Value(value, stackalloc byte[Utf8Value.ScratchBytes]);
        foreach (var part in Enumerate(utf8.Span))
        {
            if (!part.IsEmpty)
            {
                parts.Add(part.Length == utf8.Span.Length ? value : Encoding.UTF8.GetString(part));
            }
        }

        return parts;
    }

    /// <summary>The elements of a UTF-8 value, trimmed, as slices of <paramref name="value"/>: no allocation.</summary>
    public static Enumerator Enumerate(ReadOnlySpan<byte> value) => new(value);

    private static readonly SearchValues<byte> s_structure = SearchValues.Create("\"<>,"u8);

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _value;
        private int _next;

        internal Enumerator(ReadOnlySpan<byte> value)
        {
            _value = value;
            _next = 0;
            Current = default;
            Unterminated = false;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        /// <summary>After the last element: a quote or angle bracket was left open.</summary>
        public bool Unterminated { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_next > _value.Length)
            {
                return false;
            }

            // Jump from one byte that matters to the next: outside quotes " < > and the comma, inside them " and \.
            var inQuotes = false;
            var inAngle = false;
            var i = _next;
            while (i < _value.Length)
            {
                var rest = _value[i..];
                var next = inQuotes ? rest.IndexOfAny((byte)'"', (byte)'\\') : rest.IndexOfAny(s_structure);
                if (next < 0)
                {
                    i = _value.Length;
                    break;
                }

                i += next;
                var c = _value[i];
                if (inQuotes)
                {
                    // A backslash escapes the byte after it; a quote ends the quoted string.
                    inQuotes = c == '\\';
                    i += c == '\\' ? 2 : 1;
                    continue;
                }

                if (c == ',' && !inAngle)
                {
                    break;
                }

                if (c == '"')
                {
                    inQuotes = true;
                }
                else if (c == '<')
                {
                    inAngle = true;
                }
                else if (c == '>')
                {
                    inAngle = false;
                }

                i++;
            }

            var end = Math.Min(i, _value.Length);
            Current = _value[_next..end].TrimWsp();
            Unterminated = inQuotes || inAngle;
            _next = i + 1;
            return true;
        }
    }
}

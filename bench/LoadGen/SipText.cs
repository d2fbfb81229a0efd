namespace PresenceAgent.LoadGen;

/// <summary>
/// The header section of one SIP message the agent sent, as text: enough to answer a NOTIFY and to pick the status,
/// tags and Contact out of a response. Not a parser for hostile input: the peer is the agent under test.
/// </summary>
internal sealed class SipText(string head)
{
    private readonly string[] _lines = head.Split("\r\n");

    public bool IsResponse => _lines[0].StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    /// <summary>The status code of a response; 0 for a request.</summary>
    public int Status => IsResponse && _lines[0].Length >= 11 && int.TryParse(_lines[0].AsSpan(8, 3), out var s) ? s : 0;

    /// <summary>The method of a request; empty for a response.</summary>
    public string Method => IsResponse ? "" : _lines[0][.._lines[0].IndexOf(' ', StringComparison.Ordinal)];

    public string StartLine => _lines[0];

    /// <summary>The first value of header <paramref name="name"/> (or its compact form), or null.</summary>
    public string? Header(string name)
    {
        foreach (var value in Headers(name))
        {
            return value;
        }

        return null;
    }

    /// <summary>Every value of header <paramref name="name"/>, in order (one per line; the agent writes no comma lists).</summary>
    public IEnumerable<string> Headers(string name)
    {
        var compact = Compact(name);
        for (var i = 1; i < _lines.Length; i++)
        {
            var line = _lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var n = line.AsSpan(0, colon).TrimEnd();
            if (n.Equals(name, StringComparison.OrdinalIgnoreCase) || (compact is not null && n.Equals(compact, StringComparison.OrdinalIgnoreCase)))
            {
                yield return line[(colon + 1)..].Trim();
            }
        }
    }

    /// <summary>The tag parameter of the To header, or null.</summary>
    public string? ToTag() => Header("To") is { } to && to.IndexOf(";tag=", StringComparison.OrdinalIgnoreCase) is var at and >= 0
        ? to[(at + 5)..].Split(';', '>', ' ')[0]
        : null;

    /// <summary>The URI of the Contact header, or null.</summary>
    public string? ContactUri() => Header("Contact") is { } contact && contact.IndexOf('<', StringComparison.Ordinal) is var open and >= 0 &&
                                   contact.IndexOf('>', open) is var close and > 0
        ? contact[(open + 1)..close]
        : null;

    private static string? Compact(string name) => name switch
    {
        "Via" => "v",
        "From" => "f",
        "To" => "t",
        "Call-ID" => "i",
        "Contact" => "m",
        "Content-Length" => "l",
        _ => null,
    };
}

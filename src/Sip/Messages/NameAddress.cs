namespace PresenceAgent.Sip.Messages;

/// <summary>
/// From, To, Contact, Route and Record-Route values (RFC 3261 §20.10, §25.1):
/// <c>[display-name] &lt;URI&gt; *(;param)</c> or a bare addr-spec whose parameters belong to the header.
/// </summary>
public sealed partial class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null, SipParameters? parameters = null)
    {
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>Display name without quotes or escapes.</summary>
    public string? DisplayName { get; }

    public SipUri Uri { get; }

    /// <summary>Header parameters outside the angle brackets (tag, expires, epid…).</summary>
    public SipParameters Parameters { get; }

    public string? Tag => Parameters.Get("tag");

    /// <summary>Contact: * (RFC 3261 §10.2.2); only meaningful in REGISTER, but it parses.</summary>
    public bool IsWildcard { get; private init; }

    public override string ToString()
    {
        if (IsWildcard)
        {
            return "*";
        }

        var sb = CachedStringBuilder.Acquire();

        if (!string.IsNullOrEmpty(DisplayName))
        {
            sb.Append('"');
            foreach (var c in DisplayName)
            {
                if (c is '"' or '\\')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }

            sb.Append("\" ");
        }

        sb.Append('<');
        Uri.AppendTo(sb);
        sb.Append('>');
        Parameters.AppendTo(sb);
        return CachedStringBuilder.ToStringAndRelease(sb);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out NameAddress value)
    {
        using var utf8 = new Utf8Value(text, stackalloc byte[Utf8Value.ScratchBytes]);
        return TryParse(utf8.Span, out value);
    }

    /// <summary><see cref="TryParse(ReadOnlySpan{char}, out NameAddress)"/> over UTF-8 bytes.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out NameAddress value)
    {
        if (!TryScan(text, out var parts))
        {
            value = null!;
            return false;
        }

        value = Create(parts);
        return true;
    }
}

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The shape nearly every From, To and Contact has, [ "display name" ] &lt;sip:user@host:port;uri-params&gt;;tag=x,
/// read in one pass.
/// </summary>
public sealed partial class NameAddress
{
    /// <summary>
    /// A trimmed value of that shape (a quoted display name without escapes, if any; a plain URI and plain parameters,
    /// as <see cref="SipUri.ScanPlain"/> and <see cref="ParameterReader.TryReadPlain"/> read them): true with the parts
    /// <see cref="TryScanGeneral"/> would give; false leaves the value to it.
    /// </summary>
    internal static bool TryScanPlain(ReadOnlySpan<byte> text, out NameAddressParts parts)
    {
        parts = default;
        ReadOnlySpan<byte> display = default;
        var lt = 0;
        var quoted = !text.IsEmpty && text[0] == '"';
        if (quoted)
        {
            // The quoted string ends at the first quote when no backslash comes before it; SP or HTAB may follow it.
            var close = text[1..].IndexOfAny((byte)'"', (byte)'\\') + 1;
            if (close <= 0 || text[close] != '"')
            {
                return false;
            }

            display = text[1..close];
            lt = close + 1;
            while (lt < text.Length && text[lt] is (byte)' ' or (byte)'\t')
            {
                lt++;
            }
        }

        if (lt == text.Length || text[lt] != '<')
        {
            return false;
        }

        // The URI reads no '>', so where it stops at one is where the general reading's first '>' is.
        var gt = SipUri.ScanPlain(text[(lt + 1)..], out var uri) + lt + 1;
        if (gt <= lt || gt == text.Length || text[gt] != '>')
        {
            return false;
        }

        var parameters = text[(gt + 1)..];
        if (!ParameterReader.TryReadPlain(parameters, "tag"u8, out var hasTag, out var tag))
        {
            return false;
        }

        parts = new NameAddressParts { DisplayName = display, IsQuoted = quoted, Uri = uri, HasTag = hasTag, Tag = tag, Parameters = parameters };
        return true;
    }
}

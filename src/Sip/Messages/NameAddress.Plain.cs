namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The shape nearly every From, To and Contact has, &lt;sip:user@host:port;uri-params&gt;;tag=x, read in one pass.
/// </summary>
public sealed partial class NameAddress
{
    /// <summary>
    /// A value of that shape (no display name; a plain URI and plain parameters, as <see cref="SipUri.ScanPlain"/> and
    /// <see cref="ParameterReader.TryReadPlain"/> read them), trimmed: true with the parts <see cref="TryScanGeneral"/>
    /// would give; false leaves the value to it.
    /// </summary>
    internal static bool TryScanPlain(ReadOnlySpan<byte> text, out NameAddressParts parts)
    {
        parts = default;
        if (text.IsEmpty || text[0] != '<')
        {
            return false;
        }

        // The URI reads no '>', so where it stops at one is where the general reading's first '>' is.
        var gt = SipUri.ScanPlain(text[1..], out var uri) + 1;
        if (gt <= 0 || gt == text.Length || text[gt] != '>')
        {
            return false;
        }

        var parameters = text[(gt + 1)..];
        if (!ParameterReader.TryReadPlain(parameters, "tag"u8, out var hasTag, out var tag))
        {
            return false;
        }

        parts = new NameAddressParts { Uri = uri, HasTag = hasTag, Tag = tag, Parameters = parameters };
        return true;
    }
}

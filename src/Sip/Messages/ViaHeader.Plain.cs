namespace PresenceAgent.Sip.Messages;

/// <summary>The shape nearly every Via has, SIP/2.0/UDP host:port;branch=z9hG4bK...;rport, read in one pass.</summary>
public sealed partial class ViaHeader
{
    /// <summary>
    /// A trimmed via-parm of that shape (a plain host as <see cref="SipUri.ScanPlainHostPort"/> reads it, right before
    /// the parameters, and plain parameters): true with the parts <see cref="TryScanGeneral"/> would give; false leaves
    /// the value to it.
    /// </summary>
    internal static bool TryScanPlain(ReadOnlySpan<byte> text, out ViaParts parts)
    {
        parts = default;
        if (!text.StartsWith("SIP/2.0/"u8))
        {
            return false;
        }

        var transportEnd = PlainBytes.RunEnd(text, 8, PlainBytes.Token);
        var hostStart = transportEnd;
        while (hostStart < text.Length && text[hostStart] is (byte)' ' or (byte)'\t')
        {
            hostStart++;
        }

        if (transportEnd == 8 || hostStart == transportEnd)
        {
            return false;
        }

        var end = SipUri.ScanPlainHostPort(text, hostStart, out var host, out var port);
        if (end < 0 || (end < text.Length && text[end] != ';'))
        {
            return false;
        }

        var parameters = end < text.Length ? text[end..] : default;
        if (!ParameterReader.TryReadPlain(parameters, "branch"u8, out var hasBranch, out var branch))
        {
            return false;
        }

        parts = new ViaParts
        {
            ProtocolName = text[..3],
            ProtocolVersion = text[4..7],
            Transport = text[8..transportEnd],
            Host = host,
            Port = port,
            HasBranch = hasBranch,
            Branch = branch,
            Parameters = parameters,
        };
        return true;
    }
}

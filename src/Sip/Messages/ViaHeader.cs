using System.Globalization;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// One Via value (RFC 3261 §20.42): <c>SIP/2.0/UDP host:port;branch=z9hG4bK…;received=…;rport</c>.
/// Unknown parameters (Lync's ms-received-port, ms-received-cid) are kept in order so responses echo them.
/// </summary>
public sealed class ViaHeader
{
    /// <summary>RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this cookie.</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, SipParameters? parameters = null, string protocol = "SIP/2.0")
    {
        Protocol = protocol;
        Transport = CommonTokens.Transport(transport);
        Host = host;
        Port = port;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>Protocol name and version, normally SIP/2.0.</summary>
    public string Protocol { get; }

    /// <summary>Upper-case transport token: UDP, TCP, TLS, SCTP, WS, WSS or an extension.</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; }

    public string? Branch => Parameters.Get("branch");

    public string? Received => Parameters.Get("received");

    /// <summary>RFC 3581: the client asked for the source port (a valueless rport) or we filled it in.</summary>
    public bool HasRPort => Parameters.Contains("rport");

    public int? RPort =>
        int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    /// <summary>True for an RFC 3261 branch, which alone identifies the transaction (§17.2.3).</summary>
    public bool HasRfc3261Branch => Branch is { } b && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    public string SentBy => Port is { } p ? $"{Host}:{p.ToString(CultureInfo.InvariantCulture)}" : Host;

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(Protocol).Append('/').Append(Transport).Append(' ').Append(SentBy);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>via-parm = sent-protocol LWS sent-by *( SEMI via-params ).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ViaHeader value)
    {
        value = null!;
        text = text.Trim(" \t");

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around slashes.
        if (!TryTakeToken(ref text, out var name) || !TakeSlash(ref text) ||
            !TryTakeToken(ref text, out var version) || !TakeSlash(ref text) ||
            !TryTakeToken(ref text, out var transport))
        {
            return false;
        }

        text = text.TrimStart(" \t");
        var semi = text.IndexOf(';');
        var sentBy = (semi < 0 ? text : text[..semi]).Trim(" \t");

        // LWS is allowed around the colon of sent-by; it is rare, so only then is a copy made without it.
        var compact = sentBy.ContainsAny(' ', '\t')
            ? sentBy.ToString().Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal)
            : sentBy;
        if (!SipUri.TryParseHostPort(compact, out var host, out var port))
        {
            return false;
        }

        SipParameters ps;
        if (semi < 0)
        {
            ps = new SipParameters();
        }
        else if (!SipParameters.TryParse(text[semi..], out ps))
        {
            return false;
        }

        var protocol = name.SequenceEqual("SIP") && version.SequenceEqual("2.0") ? "SIP/2.0" : $"{name}/{version}";
        value = new ViaHeader(CommonTokens.Transport(transport), host, port, ps, protocol);
        return true;
    }

    private static bool TryTakeToken(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> token)
    {
        text = text.TrimStart(" \t");
        var i = 0;
        while (i < text.Length && SipGrammar.IsTokenChar(text[i]))
        {
            i++;
        }

        token = text[..i];
        text = text[i..];
        return i > 0;
    }

    private static bool TakeSlash(ref ReadOnlySpan<char> text)
    {
        text = text.TrimStart(" \t");
        if (text.IsEmpty || text[0] != '/')
        {
            return false;
        }

        text = text[1..];
        return true;
    }
}

using System.Globalization;
using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// One Via value (RFC 3261 §20.42): <c>SIP/2.0/UDP host:port;branch=z9hG4bK…;received=…;rport</c>.
/// Unknown parameters (Lync's ms-received-port, ms-received-cid) are kept in order so responses echo them.
/// </summary>
public sealed partial class ViaHeader
{
    /// <summary>RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this cookie.</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, SipParameters? parameters = null, string protocol = "SIP/2.0")
    {
        Protocol = protocol;
        Transport = transport.ToUpperInvariant();
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
        var sb = CachedStringBuilder.Acquire();
        sb.Append(Protocol).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } port)
        {
            sb.Append(':').Append(port);
        }

        Parameters.AppendTo(sb);
        return CachedStringBuilder.ToStringAndRelease(sb);
    }

    /// <summary>via-parm = sent-protocol LWS sent-by *( SEMI via-params ).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ViaHeader value)
    {
        using var utf8 = new Utf8Value(text, stackalloc byte[Utf8Value.ScratchBytes]);
        return TryParse(utf8.Span, out value);
    }

    /// <summary><see cref="TryParse(ReadOnlySpan{char}, out ViaHeader)"/> over UTF-8 bytes.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out ViaHeader value)
    {
        if (!TryScan(text, stackalloc byte[Utf8Value.ScratchBytes], out var parts))
        {
            value = null!;
            return false;
        }

        var protocol = parts.ProtocolName.SequenceEqual("SIP"u8) && parts.ProtocolVersion.SequenceEqual("2.0"u8)
            ? "SIP/2.0"
            : $"{Encoding.ASCII.GetString(parts.ProtocolName)}/{Encoding.ASCII.GetString(parts.ProtocolVersion)}";
        SipParameters.TryParse(parts.Parameters, out var parameters);
        var host = RecentStrings.Get(parts.Host);
        value = new ViaHeader(CommonTokens.Transport(parts.Transport), host, parts.Port, parameters, protocol);
        return true;
    }
}

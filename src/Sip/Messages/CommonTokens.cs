using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Shared strings for the tokens nearly every message repeats (schemes, transports, parameter names), so parsing
/// them costs no allocation; anything else is allocated as usual. The inputs are ASCII the grammar accepted (tokens,
/// or a URI's paramchars).
/// </summary>
internal static class CommonTokens
{
    public static string Scheme(ReadOnlySpan<byte> s) =>
        Ascii.EqualsIgnoreCase(s, "sip"u8) ? "sip"
        : Ascii.EqualsIgnoreCase(s, "sips"u8) ? "sips"
        : Ascii.EqualsIgnoreCase(s, "tel"u8) ? "tel"
        : Encoding.ASCII.GetString(s).ToLowerInvariant();

    public static string Transport(ReadOnlySpan<byte> s) =>
        Ascii.EqualsIgnoreCase(s, "UDP"u8) ? "UDP"
        : Ascii.EqualsIgnoreCase(s, "TCP"u8) ? "TCP"
        : Ascii.EqualsIgnoreCase(s, "TLS"u8) ? "TLS"
        : Encoding.ASCII.GetString(s).ToUpperInvariant();

    /// <summary>Parameter names keep their received case (they are compared case-insensitively anyway).</summary>
    public static string ParameterName(ReadOnlySpan<byte> s) => s switch
    {
        _ when s.SequenceEqual("tag"u8) => "tag",
        _ when s.SequenceEqual("branch"u8) => "branch",
        _ when s.SequenceEqual("rport"u8) => "rport",
        _ when s.SequenceEqual("received"u8) => "received",
        _ when s.SequenceEqual("transport"u8) => "transport",
        _ when s.SequenceEqual("lr"u8) => "lr",
        _ when s.SequenceEqual("expires"u8) => "expires",
        _ when s.SequenceEqual("epid"u8) => "epid",
        _ when s.SequenceEqual("maddr"u8) => "maddr",
        _ when s.SequenceEqual("user"u8) => "user",
        _ when s.SequenceEqual("reason"u8) => "reason",
        _ => Encoding.ASCII.GetString(s),
    };
}

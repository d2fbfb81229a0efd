namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Shared strings for the tokens nearly every message repeats (schemes, transports, parameter names), so parsing
/// them costs no allocation; anything else is allocated as usual.
/// </summary>
internal static class CommonTokens
{
    public static string Scheme(ReadOnlySpan<char> s) =>
        s.Equals("sip", StringComparison.OrdinalIgnoreCase) ? "sip"
        : s.Equals("sips", StringComparison.OrdinalIgnoreCase) ? "sips"
        : s.Equals("tel", StringComparison.OrdinalIgnoreCase) ? "tel"
        : s.ToString().ToLowerInvariant();

    public static string Transport(ReadOnlySpan<char> s) =>
        s.Equals("UDP", StringComparison.OrdinalIgnoreCase) ? "UDP"
        : s.Equals("TCP", StringComparison.OrdinalIgnoreCase) ? "TCP"
        : s.Equals("TLS", StringComparison.OrdinalIgnoreCase) ? "TLS"
        : s.ToString().ToUpperInvariant();

    /// <summary>Parameter names keep their received case (they are compared case-insensitively anyway).</summary>
    public static string ParameterName(ReadOnlySpan<char> s) => s switch
    {
        "tag" => "tag",
        "branch" => "branch",
        "rport" => "rport",
        "received" => "received",
        "transport" => "transport",
        "lr" => "lr",
        "expires" => "expires",
        "epid" => "epid",
        "maddr" => "maddr",
        "user" => "user",
        "reason" => "reason",
        _ => s.ToString(),
    };
}

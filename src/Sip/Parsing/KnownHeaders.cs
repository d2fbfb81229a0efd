using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// Maps received header-name bytes to a <see cref="HeaderKind"/> without allocating: switch on the length, then on one
/// byte that tells the candidates of that length apart, then one ASCII case-insensitive compare. Field names are
/// case-insensitive (RFC 3261 §7.3.1); compact forms are RFC 3261 §7.3.3 plus the extensions in
/// <see cref="HeaderDescriptor"/>. The shape follows runtime's System.Net.Http KnownHeaders.
/// </summary>
internal static class KnownHeaders
{
    /// <summary>header-name = token (RFC 3261 §25.1); returns Unknown for anything not in the table.</summary>
    public static HeaderKind Get(ReadOnlySpan<byte> name)
    {
        // OR 0x20 lower-cases a letter only to pick the candidate; the case-insensitive compare decides.
        return name.Length switch
        {
            1 => Compact(name[0]),
            2 => Match(name, "To"u8, HeaderKind.To),
            3 => Match(name, "Via"u8, HeaderKind.Via),
            4 => (char)(name[0] | 0x20) switch
            {
                'c' => Match(name, "CSeq"u8, HeaderKind.CSeq),
                'd' => Match(name, "Date"u8, HeaderKind.Date),
                'f' => Match(name, "From"u8, HeaderKind.From),
                _ => HeaderKind.Unknown,
            },
            5 => (char)(name[0] | 0x20) switch
            {
                'a' => Match(name, "Allow"u8, HeaderKind.Allow),
                'e' => Match(name, "Event"u8, HeaderKind.Event),
                'r' => Match(name, "Route"u8, HeaderKind.Route),
                _ => HeaderKind.Unknown,
            },
            6 => (char)(name[0] | 0x20) switch
            {
                'a' => Match(name, "Accept"u8, HeaderKind.Accept),
                's' => Match(name, "Server"u8, HeaderKind.Server),
                _ => HeaderKind.Unknown,
            },
            7 => (char)(name[2] | 0x20) switch
            {
                'l' => Match(name, "Call-ID"u8, HeaderKind.CallId),
                'n' => Match(name, "Contact"u8, HeaderKind.Contact),
                'p' => Match(name, "Expires"u8, HeaderKind.Expires),
                'q' => Match(name, "Require"u8, HeaderKind.Require),
                'b' => Match(name, "Subject"u8, HeaderKind.Subject),
                'r' => Match(name, "Warning"u8, HeaderKind.Warning),
                _ => HeaderKind.Unknown,
            },
            8 => Match(name, "Refer-To"u8, HeaderKind.ReferTo),
            9 => (char)(name[0] | 0x20) switch
            {
                's' => Match(name, "Supported"u8, HeaderKind.Supported),
                't' => Match(name, "Timestamp"u8, HeaderKind.Timestamp),
                _ => HeaderKind.Unknown,
            },
            10 => Match(name, "User-Agent"u8, HeaderKind.UserAgent),
            11 => (char)(name[2] | 0x20) switch
            {
                'n' => Match(name, "Min-Expires"u8, HeaderKind.MinExpires),
                'f' => Match(name, "Referred-By"u8, HeaderKind.ReferredBy),
                't' => Match(name, "Retry-After"u8, HeaderKind.RetryAfter),
                's' => Match(name, "Unsupported"u8, HeaderKind.Unsupported),
                _ => HeaderKind.Unknown,
            },
            12 => (char)(name[0] | 0x20) switch
            {
                'a' => Match(name, "Allow-Events"u8, HeaderKind.AllowEvents),
                'c' => Match(name, "Content-Type"u8, HeaderKind.ContentType),
                'm' => Match(name, "Max-Forwards"u8, HeaderKind.MaxForwards),
                'r' => Match(name, "Record-Route"u8, HeaderKind.RecordRoute),
                _ => HeaderKind.Unknown,
            },
            13 => (char)(name[0] | 0x20) switch
            {
                'a' => Match(name, "Authorization"u8, HeaderKind.Authorization),
                'p' => Match(name, "Proxy-Require"u8, HeaderKind.ProxyRequire),
                _ => HeaderKind.Unknown,
            },
            14 => (char)(name[0] | 0x20) switch
            {
                'c' => Match(name, "Content-Length"u8, HeaderKind.ContentLength),
                'm' => Match(name, "ms-diagnostics"u8, HeaderKind.MsDiagnostics),
                _ => HeaderKind.Unknown,
            },
            15 => (char)(name[7] | 0x20) switch
            {
                'e' => Match(name, "Accept-Encoding"u8, HeaderKind.AcceptEncoding),
                'l' => Match(name, "Accept-Language"u8, HeaderKind.AcceptLanguage),
                '-' => Match(name, "Session-Expires"u8, HeaderKind.SessionExpires),
                _ => HeaderKind.Unknown,
            },
            16 => (char)(name[0] | 0x20) switch
            {
                'c' => Match(name, "Content-Encoding"u8, HeaderKind.ContentEncoding),
                'w' => Match(name, "WWW-Authenticate"u8, HeaderKind.WwwAuthenticate),
                _ => HeaderKind.Unknown,
            },
            18 => (char)(name[0] | 0x20) switch
            {
                'p' => Match(name, "Proxy-Authenticate"u8, HeaderKind.ProxyAuthenticate),
                's' => Match(name, "Subscription-State"u8, HeaderKind.SubscriptionState),
                _ => HeaderKind.Unknown,
            },
            19 => (char)(name[0] | 0x20) switch
            {
                'c' => Match(name, "Content-Disposition"u8, HeaderKind.ContentDisposition),
                'p' => Match(name, "Proxy-Authorization"u8, HeaderKind.ProxyAuthorization),
                _ => HeaderKind.Unknown,
            },
            21 => Match(name, "ms-diagnostics-public"u8, HeaderKind.MsDiagnosticsPublic),
            _ => HeaderKind.Unknown,
        };
    }

    // Senders nearly always write the canonical case, which a plain compare settles faster than a case-insensitive one.
    private static HeaderKind Match(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected, HeaderKind kind) =>
        name.SequenceEqual(expected) || Ascii.EqualsIgnoreCase(name, expected) ? kind : HeaderKind.Unknown;

    // compact-form names (RFC 3261 §7.3.3, RFC 3265 o/u, RFC 3515 r, RFC 3892 b, RFC 4028 x).
    private static HeaderKind Compact(byte c) => char.IsAsciiLetter((char)c)
        ? (char)(c | 0x20) switch
        {
            'i' => HeaderKind.CallId,
            'm' => HeaderKind.Contact,
            'e' => HeaderKind.ContentEncoding,
            'l' => HeaderKind.ContentLength,
            'f' => HeaderKind.From,
            't' => HeaderKind.To,
            'v' => HeaderKind.Via,
            'k' => HeaderKind.Supported,
            'c' => HeaderKind.ContentType,
            's' => HeaderKind.Subject,
            'o' => HeaderKind.Event,
            'u' => HeaderKind.AllowEvents,
            'r' => HeaderKind.ReferTo,
            'x' => HeaderKind.SessionExpires,
            'b' => HeaderKind.ReferredBy,
            _ => HeaderKind.Unknown,
        }
        : HeaderKind.Unknown;
}

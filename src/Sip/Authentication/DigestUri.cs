using System.Text;
using System.Text.Unicode;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// Whether a digest-uri names the Request-URI (RFC 7616 §3.4.6; RFC 3261 §22.4), so an answer cannot be replayed
/// against another resource. Clients copy the Request-URI, so the bytes are compared first; else both are compared as
/// SIP URIs (RFC 3261 §19.1.4): scheme, user and password exactly, host ignoring case, port, the parameters that
/// change where a request goes (user, ttl, method, maddr, transport) whichever side has them, others where both do,
/// and the headers.
/// </summary>
internal static class DigestUri
{
    private static readonly string[] s_significant = ["user", "ttl", "method", "maddr", "transport"];

    public static bool Matches(ReadOnlySpan<byte> digestUri, SipRequest request)
    {
        var received = request.RequestUriBytes;
        if (!received.IsEmpty && digestUri.SequenceEqual(received))
        {
            return true;
        }

        var target = request.RequestUri;
        if (!target.IsSip || !Utf8.IsValid(digestUri) || !SipUri.TryParse(Encoding.UTF8.GetString(digestUri), out var given) || !given.IsSip)
        {
            return false;
        }

        return given.Scheme == target.Scheme &&
            string.Equals(given.UserUnescaped, target.UserUnescaped, StringComparison.Ordinal) &&
            string.Equals(given.Password, target.Password, StringComparison.Ordinal) &&
            string.Equals(given.Host, target.Host, StringComparison.OrdinalIgnoreCase) &&
            given.Port == target.Port &&
            string.Equals(given.Headers, target.Headers, StringComparison.Ordinal) &&
            ParametersMatch(given.Parameters, target.Parameters);
    }

    private static bool ParametersMatch(SipParameters given, SipParameters target)
    {
        foreach (var name in s_significant)
        {
            if (!string.Equals(given.Get(name), target.Get(name), StringComparison.OrdinalIgnoreCase) ||
                given.Contains(name) != target.Contains(name))
            {
                return false;
            }
        }

        foreach (var (name, value) in given)
        {
            if (target.Contains(name) && !string.Equals(value, target.Get(name), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}

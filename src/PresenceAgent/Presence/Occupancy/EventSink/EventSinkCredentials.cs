using System.Security.Cryptography;
using System.Text;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// The user name and password the platform's event sink sends with HTTP basic authentication (RFC 7617). Both are
/// compared as SHA-256 digests in constant time, so timing reveals neither their bytes nor their length; the user name
/// case-sensitively, as Pexip Infinity compares it.
/// </summary>
internal sealed class EventSinkCredentials
{
    public const string Scheme = "Basic";

    private readonly byte[] _user;
    private readonly byte[] _password;

    public EventSinkCredentials(string user, string password)
    {
        _user = Digest(user);
        _password = Digest(password);
    }

    /// <summary>The configured credentials, or null when the sink is open to loopback callers only.</summary>
    public static EventSinkCredentials? For(EventSinkOptions options) =>
        options.HasCredentials ? new EventSinkCredentials(options.Username!, options.Password!) : null;

    /// <summary>Whether an Authorization header value carries these credentials.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[(Scheme.Length + 1)..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // Both are compared whatever the first gives, so a wrong user takes as long as a wrong password.
        var user = CryptographicOperations.FixedTimeEquals(Digest(decoded[..colon]), _user);
        var password = CryptographicOperations.FixedTimeEquals(Digest(decoded[(colon + 1)..]), _password);
        return user & password;
    }

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}

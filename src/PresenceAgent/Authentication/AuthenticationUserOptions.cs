using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Authentication;

/// <summary>
/// One user who may authenticate (<c>Authentication:Users:N</c>): a password, or the HA1 of it for one or both
/// algorithms so the password is kept nowhere (HA1 = H(Name ":" realm ":" password), hex).
/// </summary>
public sealed record AuthenticationUserOptions
{
    /// <summary>The user name a client sends, compared exactly; unique ignoring case.</summary>
    public string Name { get; init; } = "";

    /// <summary>The password; or leave it out and give Ha1Sha256 and/or Ha1Md5.</summary>
    public string? Password { get; init; }

    /// <summary>SHA-256(Name:realm:password) in hex (64 digits), for SHA-256 answers.</summary>
    public string? Ha1Sha256 { get; init; }

    /// <summary>MD5(Name:realm:password) in hex (32 digits), for MD5 answers.</summary>
    public string? Ha1Md5 { get; init; }

    /// <summary>
    /// The address of record (<c>user@host</c> or a sip: URI) a request that authenticates as this user is known by;
    /// unset: <c>Name@realm</c>.
    /// </summary>
    public string? AddressOfRecord { get; init; }

    /// <summary>
    /// Who a request that authenticates as this user is: the address of record as <c>user@host</c> (the user part
    /// unescaped, as the From address of record is compared), else <c>Name@realm</c>; false when the address is no
    /// sip: URI with a user.
    /// </summary>
    internal bool TryIdentity(string realm, out string identity)
    {
        if (AddressOfRecord is not { } aor)
        {
            identity = $"{Name}@{realm}";
            return true;
        }

        var text = aor.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || aor.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ? aor : "sip:" + aor;
        var parsed = SipUri.TryParse(text, out var uri) && uri.IsSip && uri.User is not null;
        identity = parsed ? uri.AddressOfRecord : "";
        return parsed;
    }
}

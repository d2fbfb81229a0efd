using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Access;

/// <summary>How the agent knows who a watcher is, from least to most proven.</summary>
internal enum WatcherProof : byte
{
    /// <summary>The From of a peer that is not trusted: anyone can write any From.</summary>
    UntrustedFrom,

    /// <summary>The From of a trusted peer (Sip:TrustedPeers, a Front End pool), which authenticated its user.</summary>
    TrustedFrom,

    /// <summary>A P-Asserted-Identity (RFC 3325) from a trusted peer.</summary>
    Asserted,

    /// <summary>The identity digest authentication proved.</summary>
    Digest,
}

/// <summary>
/// Who a SUBSCRIBE's watcher is taken to be: <see cref="Address"/> (<c>user@host</c>) is what the levels are looked up
/// by, <see cref="From"/> the From's address of record, which a block list applies to as well.
/// </summary>
internal readonly record struct WatcherIdentity(string Address, string From, WatcherProof Proof)
{
    /// <summary>The header a trusted peer asserts its user's identity in (RFC 3325 §9.1).</summary>
    public const string AssertedIdentityHeader = "P-Asserted-Identity";

    /// <summary>Personal and Team are granted only to a watcher this proves: over a trusted path or by digest authentication.</summary>
    public bool Proven => Proof != WatcherProof.UntrustedFrom;

    /// <summary>
    /// The watcher of <paramref name="incoming"/>: the identity digest authentication proved, else a trusted peer's
    /// P-Asserted-Identity (its first SIP URI), else the From. An untrusted peer's P-Asserted-Identity is ignored: it
    /// could name anyone.
    /// </summary>
    /// <remarks><paramref name="from"/> is the From's address (<see cref="SipMessage.FromAddressOfRecord"/>) when read already.</remarks>
    public static WatcherIdentity Of(IncomingRequest incoming, string? authenticated, string? from = null)
    {
        from ??= incoming.Request.FromAddressOfRecord!;
        if (authenticated is not null)
        {
            return new WatcherIdentity(authenticated, from, WatcherProof.Digest);
        }

        if (!incoming.IsTrustedPeer)
        {
            return new WatcherIdentity(from, from, WatcherProof.UntrustedFrom);
        }

        return AssertedBy(incoming.Request) is { } asserted
            ? new WatcherIdentity(asserted, from, WatcherProof.Asserted)
            : new WatcherIdentity(from, from, WatcherProof.TrustedFrom);
    }

    /// <summary>A URI as levels compare it: <c>user@host</c> for SIP (user unescaped), <c>scheme:rest</c> otherwise.</summary>
    public static string AddressOf(SipUri uri) => uri.IsSip ? uri.AddressOfRecord : $"{uri.Scheme}:{uri.Opaque}";

    /// <summary>The domain of <paramref name="address"/> (after its @); empty when it has none.</summary>
    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : WatcherDomains.Shared(address.AsSpan(at + 1));
    }

    private static string? AssertedBy(SipRequest request)
    {
        foreach (var field in request.Headers)
        {
            if (field.Kind != HeaderKind.Unknown || !field.NameEquals(AssertedIdentityHeader))
            {
                continue;
            }

            // RFC 3325 allows one sip/sips and one tel URI: the SIP one names the user.
            foreach (var value in HeaderValueList.Split(field.Value))
            {
                if (NameAddress.TryParse(value, out var asserted) && asserted.Uri.IsSip && asserted.Uri.User is not null)
                {
                    return asserted.Uri.AddressOfRecord;
                }
            }
        }

        return null;
    }
}

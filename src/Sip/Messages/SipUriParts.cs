namespace PresenceAgent.Sip.Messages;

/// <summary>What <see cref="SipUri.TryScan"/> found in a URI, as slices of its UTF-8 input.</summary>
internal readonly ref struct SipUriParts
{
    public ReadOnlySpan<byte> Scheme { get; init; }

    public bool IsSip { get; init; }

    /// <summary>Everything after the scheme's colon, for a URI that is not SIP.</summary>
    public ReadOnlySpan<byte> Opaque { get; init; }

    /// <summary>Empty when there is no userinfo (a user that is present is never empty).</summary>
    public ReadOnlySpan<byte> User { get; init; }

    /// <summary>Set when userinfo has a ':', even before an empty password.</summary>
    public bool HasPassword { get; init; }

    public ReadOnlySpan<byte> Password { get; init; }

    public ReadOnlySpan<byte> Host { get; init; }

    public int? Port { get; init; }

    /// <summary>From the first ';' of uri-parameters, or empty.</summary>
    public ReadOnlySpan<byte> Parameters { get; init; }

    /// <summary>After the '?', or empty when there are none (present headers are never empty).</summary>
    public ReadOnlySpan<byte> Headers { get; init; }
}

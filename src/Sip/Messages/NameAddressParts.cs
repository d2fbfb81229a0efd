namespace PresenceAgent.Sip.Messages;

/// <summary>What <see cref="NameAddress.TryScan"/> found in a name-addr or addr-spec, as slices of its UTF-8 input.</summary>
internal readonly ref struct NameAddressParts
{
    public bool IsWildcard { get; init; }

    /// <summary>Between the quotes, escapes still in, when <see cref="IsQuoted"/>; else the display-name tokens or empty.</summary>
    public ReadOnlySpan<byte> DisplayName { get; init; }

    public bool IsQuoted { get; init; }

    public SipUriParts Uri { get; init; }

    /// <summary>Set when the first tag parameter has a value; <see cref="Tag"/> is then that value.</summary>
    public bool HasTag { get; init; }

    public ReadOnlySpan<byte> Tag { get; init; }

    /// <summary>Header parameters after the URI, from the first ';', or empty.</summary>
    public ReadOnlySpan<byte> Parameters { get; init; }
}

namespace PresenceAgent.Sip.Messages;

/// <summary>What <see cref="ViaHeader"/>'s grammar found in one via-parm, as slices of its UTF-8 input (or scratch).</summary>
internal readonly ref struct ViaParts
{
    public ReadOnlySpan<byte> ProtocolName { get; init; }

    public ReadOnlySpan<byte> ProtocolVersion { get; init; }

    public ReadOnlySpan<byte> Transport { get; init; }

    public ReadOnlySpan<byte> Host { get; init; }

    public int? Port { get; init; }

    /// <summary>Set when the first branch parameter has a value; <see cref="Branch"/> is then that value.</summary>
    public bool HasBranch { get; init; }

    public ReadOnlySpan<byte> Branch { get; init; }

    /// <summary>From the first ';' of via-params, or empty.</summary>
    public ReadOnlySpan<byte> Parameters { get; init; }
}

namespace PresenceAgent.Sip.Transactions;

/// <summary>Bounds on the state the transaction layer keeps (key <c>Sip:Transactions</c>).</summary>
public sealed record SipTransactionOptions
{
    /// <summary>The smallest <see cref="MaxCompletedBytes"/>: below it a few hundred responses would fill the tables.</summary>
    public const long MinCompletedBytes = 1L << 20;

    /// <summary>The largest <see cref="MaxCompletedBytes"/>: Timer J's whole 32 s at over 150 000 new requests a second; more is likely a mistyped unit.</summary>
    public const long MaxCompletedBytesLimit = 4L << 30;

    /// <summary>
    /// Memory for finished transactions still remembered to absorb retransmissions: responses kept for Timer J with
    /// their keys (three quarters) and our requests' branches for Timer K (a quarter). Default 64 MiB: room for the
    /// whole 32 s of Timer J at about 2,000 new requests a second (~600 bytes each); past the budget the oldest go
    /// first, so a flood costs absorption of the oldest retransmissions, never memory. 1 MiB to 4 GiB.
    /// </summary>
    public long MaxCompletedBytes { get; init; } = 64L << 20;
}

namespace PresenceAgent.Sip.Transactions;

/// <summary>RFC 3261 §17 base timers (Table 4 in Appendix A); every other timer derives from these.</summary>
public sealed record SipTimerOptions
{
    /// <summary>RTT estimate. Default 500 ms (RFC 3261 §17.1.1.1); raise it only for links known to be slower.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest interval between retransmissions of non-INVITE requests and INVITE responses. Default 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest time a message lives in the network. Default 5 s.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers F and J: 64·T1 (32 s by default).</summary>
    internal TimeSpan TransactionTimeout => T1 * 64;
}

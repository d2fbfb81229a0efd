namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Whether a UDP receive queue of ours is overflowing: the kernel dropped datagrams for want of room, and the queue has
/// not yet come down to a quarter of its room. Set by the receive loops (<see cref="SipUdpListener"/>), read by the UAS core, which
/// turns new subscriptions away while it lasts: past its capacity the agent otherwise loses NOTIFY answers,
/// refreshes and removals to the overflow with the new requests, and every one lost comes back as a retransmission.
/// </summary>
internal sealed class UdpOverflow
{
    private int _listeners;

    /// <summary>True while at least one listener's queue is overflowing.</summary>
    public bool IsActive => Volatile.Read(ref _listeners) > 0;

    /// <summary>A listener's queue began to overflow.</summary>
    public void Began() => Interlocked.Increment(ref _listeners);

    /// <summary>A listener's queue drained again.</summary>
    public void Ended() => Interlocked.Decrement(ref _listeners);
}

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A sent message and the flow it went on, kept by a transaction so a retransmission is a plain resend. A UDP request
/// with a body keeps its own head (start line and headers) apart from the body, which it shares with every other
/// NOTIFY of the same document and which is sent from where it is; otherwise <see cref="Head"/> is the whole message.
/// </summary>
internal readonly record struct OutboundMessage(SipFlow Flow, ReadOnlyMemory<byte> Head, ReadOnlyMemory<byte> Body)
{
    /// <summary>A message kept whole.</summary>
    public OutboundMessage(SipFlow flow, ReadOnlyMemory<byte> bytes)
        : this(flow, bytes, ReadOnlyMemory<byte>.Empty)
    {
    }

    public int Length => Head.Length + Body.Length;
}

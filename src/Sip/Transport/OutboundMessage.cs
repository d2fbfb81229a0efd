namespace PresenceAgent.Sip.Transport;

/// <summary>Serialized bytes and the flow they went on, kept by a transaction so a retransmission is a plain resend.</summary>
internal readonly record struct OutboundMessage(SipFlow Flow, ReadOnlyMemory<byte> Bytes);

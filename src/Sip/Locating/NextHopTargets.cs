using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// The URI a request goes to next (RFC 3261 §8.1.2) and the targets found for it, in the order to try them (RFC 3263
/// §4); a TLS target must show a certificate for the URI's host (RFC 5922).
/// </summary>
internal readonly record struct NextHopTargets(SipUri Uri, IReadOnlyList<SipTarget> Targets);

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// A finished resolution: the targets in the order to try them and how long it may be used again; when there are no
/// targets, <see cref="Failure"/> says why.
/// </summary>
internal sealed record TargetAnswer(IReadOnlyList<SipTarget> Targets, TimeSpan Lifetime, string? Failure);

using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// What a resolution starts from: the URI's host (without the root dot; compared ignoring case, as DNS does), its port
/// and its transport, if any.
/// </summary>
internal readonly record struct TargetKey(string Host, int? Port, TransportProtocol? Transport)
{
    public bool Equals(TargetKey other) =>
        Port == other.Port && Transport == other.Transport && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port, Transport);
}

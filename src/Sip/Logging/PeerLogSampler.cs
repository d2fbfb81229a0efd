using System.Net;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Logging;

/// <summary>
/// A <see cref="LogSampler{TKey}"/> per peer address for one event. A peer is an IPv4 address or an IPv6 /64 (a host
/// has a whole /64, so new addresses in it do not reset the count). Use one sampler per event.
/// </summary>
internal sealed class PeerLogSampler(TimeSpan interval, int maxPeers, TimeProvider timeProvider)
    : LogSampler<AddressKey>(interval, maxPeers, timeProvider)
{
    public bool ShouldLog(IPAddress peer, out SuppressedLogs suppressed)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return ShouldLog(AddressKey.HostOf(peer), out suppressed);
    }
}

using PresenceAgent.Sip.Logging;

namespace PresenceAgent.Logging;

/// <summary>
/// The host's sampler for events a peer can trigger at will, keyed by event and peer (a source address, or whatever
/// the peer controls: a rule its aliases time out, the fault its traffic provokes), so one sampler serves them all.
/// </summary>
internal sealed class PeerLogSampler(TimeProvider time, TimeSpan? interval = null, int capacity = PeerLogSampler.DefaultCapacity)
    : LogSampler<(int EventId, string Peer)>(interval ?? PeerLogSampler.DefaultInterval, capacity, time)
{
    /// <summary>One line per peer and event a minute: enough to follow an attack as it goes, too few to fill a disk.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>10,000 peers at about 100 bytes each: a megabyte, more distinct offenders than an admin reads in a minute.</summary>
    public const int DefaultCapacity = 10_000;

    public bool ShouldLog(int eventId, string peer, out int suppressed)
    {
        var log = ShouldLog((eventId, peer), out SuppressedLogs left);
        suppressed = left.Count;
        return log;
    }
}

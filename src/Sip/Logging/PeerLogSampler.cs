using System.Net;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Logging;

/// <summary>
/// Keeps a peer from flooding the log with an event it can trigger at will: the first occurrence per peer is logged,
/// then at most one per <c>interval</c>, carrying the count of those left out since the last one logged. A peer is an
/// IPv4 address or an IPv6 /64 (a host has a whole /64, so new addresses in it do not reset the count); state is kept
/// for at most <c>maxPeers</c>, the least recently seen forgotten first. Thread-safe. Use one sampler per event.
/// </summary>
public sealed class PeerLogSampler
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly AddressTable<PeerState> _peers;

    public PeerLogSampler(TimeSpan interval, int maxPeers, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeers, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _interval = interval;
        _time = timeProvider;
        _peers = new AddressTable<PeerState>(maxPeers);
    }

    /// <summary>
    /// Whether to log this occurrence for <paramref name="peer"/>; when true, <paramref name="suppressed"/> tells how
    /// many were left out since the last one logged (append it to the message), else it is counted.
    /// </summary>
    public bool ShouldLog(IPAddress peer, out SuppressedLogs suppressed)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            ref var state = ref _peers.GetOrAdd(AddressKey.HostOf(peer), out var added);
            if (!added && _time.GetElapsedTime(state.LoggedAt, now) < _interval)
            {
                state.Suppressed += state.Suppressed < int.MaxValue ? 1 : 0;
                suppressed = default;
                return false;
            }

            suppressed = new SuppressedLogs(state.Suppressed, state.LoggedAtUtc);
            state = new PeerState { LoggedAt = now, LoggedAtUtc = _time.GetUtcNow() };
            return true;
        }
    }

    private struct PeerState
    {
        public long LoggedAt;
        public DateTimeOffset LoggedAtUtc;
        public int Suppressed;
    }
}

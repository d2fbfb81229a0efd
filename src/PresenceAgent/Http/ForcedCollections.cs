using System.Runtime;

namespace PresenceAgent.Http;

/// <summary>
/// Full, compacting collections on an admin's request, at most one a second: each is a pause for every thread, so a
/// script polling in a loop must not turn into a stream of them.
/// </summary>
internal sealed class ForcedCollections
{
    private static readonly TimeSpan s_minInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long? _last;

    public ForcedCollections(TimeProvider time) => _time = time;

    /// <summary>Collects and returns true, or returns false with how long to wait.</summary>
    public bool TryCollect(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_last is { } last && _time.GetElapsedTime(last, now) is var since && since < s_minInterval)
            {
                retryAfter = s_minInterval - since;
                return false;
            }

            _last = now;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        retryAfter = TimeSpan.Zero;
        return true;
    }
}

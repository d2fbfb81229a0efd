using PresenceAgent.Presence.Live;

namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// Every service's occupancy from every source, and what it makes live presence show. A conference is live while any
/// carrier (a conferencing node, the API) has it, and participants add up across carriers; each change reports the
/// service's occupancy through the rule. When the last carrier goes because its node stopped, the source is lost
/// (Offline for the grace period); a carrier that comes back restores it, then reports. One lock: the event sink's
/// worker and the API's requests change the same services, and live presence is told inside it so reports reach it in
/// the order they were made.
/// </summary>
internal sealed class OccupancyTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServiceTally> _tallies = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The occupancy API's carrier of each service it spoke of: one more source beside the nodes.</summary>
    private readonly Dictionary<string, Carrier> _counted = new(StringComparer.OrdinalIgnoreCase);
    private readonly LivePresence _live;
    private long _lockOrder;

    public OccupancyTracker(LivePresence live, OccupancyRule rule)
    {
        _live = live;
        Rule = rule;
    }

    public OccupancyRule Rule { get; private set; }

    /// <summary>
    /// A configuration reload: the rule is <paramref name="rule"/> from now on, each service tallied follows to what
    /// <paramref name="follow"/> says its key names now (a removed service's tally stays with it, unseen), and a service
    /// whose occupancy is live shows the state the new rule and its new capacity give for what it holds: not a new
    /// report, so an override or the publication that spoke last stays ahead of it.
    /// </summary>
    public void Reconfigure(OccupancyRule rule, Func<string, IRoom?> follow, string reason)
    {
        lock (_lock)
        {
            Rule = rule;
            foreach (var (key, tally) in _tallies.ToList())
            {
                if (follow(key) is not { } room)
                {
                    continue;
                }

                tally.Room = room;
                if (!string.Equals(room.Key, key, StringComparison.OrdinalIgnoreCase) && _tallies.TryAdd(room.Key, tally))
                {
                    _tallies.Remove(key);
                    if (_counted.Remove(key, out var carrier))
                    {
                        _counted[room.Key] = carrier;
                    }
                }

                if (tally.Reported is { } occupancy)
                {
                    _live.Restate(room, PresenceSource.Occupancy, Rule.StateFor(room, occupancy), reason);
                }
            }
        }
    }

    /// <summary>A new carrier of <paramref name="service"/>'s conference: live from now.</summary>
    public Carrier Open(IRoom service, bool locked, string reason)
    {
        lock (_lock)
        {
            var tally = Tally(service);
            var carrier = new Carrier(tally) { Locked = locked, LockOrder = ++_lockOrder };
            tally.Carriers.Add(carrier);
            Publish(tally, reason, sourceLost: false);
            return carrier;
        }
    }

    /// <summary>The carrier says whether the conference is locked; as the newest word on it, that counts.</summary>
    public void SetLocked(Carrier carrier, bool locked, string reason)
    {
        lock (_lock)
        {
            if (carrier.Closed)
            {
                return;
            }

            carrier.Locked = locked;
            carrier.LockOrder = ++_lockOrder;
            Publish(carrier.Tally, reason, sourceLost: false);
        }
    }

    /// <summary>A participant's leg joined the carrier (or now belongs to another person).</summary>
    public void Join(Carrier carrier, string leg, string person, string reason)
    {
        lock (_lock)
        {
            if (carrier.Closed || (carrier.Legs.TryGetValue(leg, out var was) && was == person))
            {
                return;
            }

            if (was is not null)
            {
                carrier.Tally.RemovePerson(was);
            }

            carrier.Legs[leg] = person;
            carrier.Tally.AddPerson(person);
            Publish(carrier.Tally, reason, sourceLost: false);
        }
    }

    public void Leave(Carrier carrier, string leg, string reason)
    {
        lock (_lock)
        {
            if (!carrier.Legs.Remove(leg, out var person))
            {
                return;
            }

            carrier.Tally.RemovePerson(person);
            Publish(carrier.Tally, reason, sourceLost: false);
        }
    }

    /// <summary>
    /// The carrier is gone: its conference ended there or its node's view was forgotten; with
    /// <paramref name="sourceLost"/>, its node stopped, and a conference only it carried loses its source.
    /// </summary>
    public void Close(Carrier carrier, bool sourceLost, string reason)
    {
        lock (_lock)
        {
            CloseLocked(carrier, sourceLost, reason);
        }
    }

    /// <summary>
    /// The occupancy API's numbers and meeting for <paramref name="service"/>, replacing what it said before (an empty,
    /// unlocked room removes them, its meeting with them). Returns the service's occupancy across every source.
    /// </summary>
    public RoomOccupancy SetCounted(IRoom service, RoomOccupancy occupancy, Meeting? meeting, string reason)
    {
        lock (_lock)
        {
            var tally = Tally(service);
            _counted.TryGetValue(service.Key, out var carrier);
            if (occupancy == RoomOccupancy.Empty)
            {
                if (carrier is not null)
                {
                    _counted.Remove(service.Key);
                    CloseLocked(carrier, sourceLost: false, reason);
                }

                return tally.Current;
            }

            if (carrier is null)
            {
                carrier = new Carrier(tally);
                tally.Carriers.Add(carrier);
                _counted[service.Key] = carrier;
            }

            carrier.Counted = occupancy.Participants;
            carrier.Locked = occupancy.Locked;
            carrier.Meeting = meeting;
            carrier.LockOrder = ++_lockOrder;
            Publish(tally, reason, sourceLost: false);
            return tally.Current;
        }
    }

    private void CloseLocked(Carrier carrier, bool sourceLost, string reason)
    {
        if (carrier.Closed)
        {
            return;
        }

        carrier.Closed = true;
        foreach (var person in carrier.Legs.Values)
        {
            carrier.Tally.RemovePerson(person);
        }

        carrier.Legs.Clear();
        carrier.Tally.Carriers.Remove(carrier);
        Publish(carrier.Tally, reason, sourceLost);
    }

    /// <summary>Tallies exist only for services (the sources map onto nothing else), so they are never removed.</summary>
    private ServiceTally Tally(IRoom service)
    {
        if (!_tallies.TryGetValue(service.Key, out var tally))
        {
            tally = new ServiceTally(service);
            _tallies.Add(service.Key, tally);
        }

        return tally;
    }

    private void Publish(ServiceTally tally, string reason, bool sourceLost)
    {
        PublishState(tally, reason, sourceLost);

        // After the state, so a watcher notified between the two never sees a meeting in a room shown empty.
        _live.SetMeeting(tally.Room, tally.Meeting, reason);
    }

    private void PublishState(ServiceTally tally, string reason, bool sourceLost)
    {
        var room = tally.Room;
        if (tally.Carriers.Count == 0)
        {
            if (sourceLost && tally.Reported is not null)
            {
                _live.Lose(room, PresenceSource.Occupancy, reason);
                tally.Lost = true;
                tally.Reported = null;
            }
            else if (tally.Reported is { } reported && reported != RoomOccupancy.Empty)
            {
                _live.Report(room, PresenceSource.Occupancy, null, null, $"{reason}: empty");
                tally.Reported = RoomOccupancy.Empty;
            }

            return;
        }

        var now = tally.Current;
        if (tally.Lost)
        {
            // Back within the grace period, the last state returns first; after it, this is a no-op. Either way the
            // report below says what the room holds now.
            _live.Restore(room, PresenceSource.Occupancy, reason);
            tally.Lost = false;
        }

        if (tally.Reported != now)
        {
            _live.Report(room, PresenceSource.Occupancy, Rule.StateFor(room, now), null, $"{reason}: {now}");
            tally.Reported = now;
        }
    }
}

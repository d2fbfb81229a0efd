
namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// Dynamics 365's capacity rule, from a room's occupancy to the state it shows: empty is the service's default (no
/// state: the source is live but has nothing to show); some participants Occupied; at or over Capacity Full; locked
/// Locked, however many are in (nobody else gets in). The states per kind of service come from Presence:Occupancy.
/// </summary>
internal sealed class OccupancyRule
{
    private readonly KindStates _vmr;
    private readonly KindStates _auditorium;

    private OccupancyRule(KindStates vmr, KindStates auditorium)
    {
        _vmr = vmr;
        _auditorium = auditorium;
    }

    /// <summary>The rule, or null when a state id names nothing in <paramref name="states"/> (each such fault in <paramref name="errors"/>).</summary>
    public static OccupancyRule? Create(OccupancyOptions options, StateCatalogue states, List<string> errors)
    {
        var vmr = Resolve(options.Vmr, $"{PresenceOptions.SectionName}:Occupancy:Vmr", states, errors);
        var auditorium = Resolve(options.Auditorium, $"{PresenceOptions.SectionName}:Occupancy:Auditorium", states, errors);
        return vmr is null || auditorium is null ? null : new OccupancyRule(vmr, auditorium);
    }

    /// <summary>The state <paramref name="room"/> shows for <paramref name="occupancy"/>; null for an empty, unlocked room (its default).</summary>
    public PresenceState? StateFor(IRoom room, RoomOccupancy occupancy)
    {
        var states = room.IsAuditorium ? _auditorium : _vmr;
        if (occupancy.Locked)
        {
            return states.Locked;
        }

        if (room.Capacity is { } capacity && occupancy.Participants >= capacity)
        {
            return states.Full;
        }

        return occupancy.Participants > 0 ? states.Occupied : null;
    }

    private static KindStates? Resolve(OccupancyStateOptions options, string key, StateCatalogue states, List<string> errors)
    {
        var occupied = State(options.Occupied, $"{key}:Occupied", states, errors);
        var full = State(options.Full, $"{key}:Full", states, errors);
        var locked = State(options.Locked, $"{key}:Locked", states, errors);
        return occupied is null || full is null || locked is null ? null : new KindStates(occupied, full, locked);
    }

    private static PresenceState? State(string id, string key, StateCatalogue states, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add($"{key}: empty; name a base status ({BaseStatusNames.List}), a built-in status ({BuiltInStates.InAMeeting}, {BuiltInStates.Full}, {BuiltInStates.Locked}) or a custom status id.");
            return null;
        }

        if (!states.TryResolve(id.Trim(), out var state))
        {
            errors.Add($"{key}: '{id}' names no state; use a base status ({BaseStatusNames.List}), a built-in status " +
                $"({BuiltInStates.InAMeeting}, {BuiltInStates.Full}, {BuiltInStates.Locked}), a Presence:CustomStatuses id or an ID of the state map file.");
        }

        return state;
    }

    private sealed record KindStates(PresenceState Occupied, PresenceState Full, PresenceState Locked);
}

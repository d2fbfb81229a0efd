using System.Runtime.InteropServices;

namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// A service's occupancy over its carriers: people counted once however many legs they have (a participant's
/// presentation or chat leg, the same person on two nodes), plus the counts the API gave; locked as the carrier that
/// spoke of it last says. Also what was last reported to live presence. Changed under <see cref="OccupancyTracker"/>'s lock.
/// </summary>
internal sealed class ServiceTally(IRoom room)
{
    private readonly Dictionary<string, int> _legsPerPerson = new(StringComparer.Ordinal);

    /// <summary>The service; a configuration reload points it at the service as configured then.</summary>
    public IRoom Room { get; set; } = room;

    public List<Carrier> Carriers { get; } = [];

    /// <summary>The occupancy live presence was last given; null before any, and after the source was lost.</summary>
    public RoomOccupancy? Reported { get; set; }

    /// <summary>Every carrier went with a node that stopped: live presence runs its grace period.</summary>
    public bool Lost { get; set; }

    public RoomOccupancy Current
    {
        get
        {
            var counted = 0;
            Carrier? lockSpeaker = null;
            foreach (var carrier in Carriers)
            {
                counted += carrier.Counted;
                if (lockSpeaker is null || carrier.LockOrder > lockSpeaker.LockOrder)
                {
                    lockSpeaker = carrier;
                }
            }

            return new RoomOccupancy(_legsPerPerson.Count + counted, lockSpeaker?.Locked ?? false);
        }
    }

    /// <summary>The meeting a carrier names, while the room has participants: an empty room has no meeting under way.</summary>
    public Meeting? Meeting => Current.Participants > 0 ? Carriers.Select(c => c.Meeting).FirstOrDefault(m => m is not null) : null;

    public void AddPerson(string person) => CollectionsMarshal.GetValueRefOrAddDefault(_legsPerPerson, person, out _)++;

    public void RemovePerson(string person)
    {
        if (_legsPerPerson.TryGetValue(person, out var legs))
        {
            if (legs == 1)
            {
                _legsPerPerson.Remove(person);
            }
            else
            {
                _legsPerPerson[person] = legs - 1;
            }
        }
    }
}

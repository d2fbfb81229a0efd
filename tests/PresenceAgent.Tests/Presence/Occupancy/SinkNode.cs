using PresenceAgent.Presence.Occupancy.EventSink;

namespace PresenceAgent.Tests.Presence.Occupancy;

/// <summary>Sends a node's events to the harness in order, numbering them from 1 as the platform does.</summary>
internal sealed class SinkNode(OccupancyHarness harness, string address)
{
    public long Seq { get; private set; }

    public SinkNode Started()
    {
        Seq = 0;
        return Send(SinkEventType.EventSinkStarted);
    }

    public SinkNode Stopped() => Send(SinkEventType.EventSinkStopped);

    public SinkNode ConferenceStarted(string name, bool locked = false) => Send(SinkEventType.ConferenceStarted, name, locked);

    public SinkNode ConferenceUpdated(string name, bool locked) => Send(SinkEventType.ConferenceUpdated, name, locked);

    public SinkNode ConferenceEnded(string name) => Send(SinkEventType.ConferenceEnded, name);

    public SinkNode Connected(string conference, string uuid, string? alias = null, string? conversation = null) =>
        Send(SinkEventType.ParticipantConnected, conference, leg: uuid, person: conversation ?? uuid, alias: alias);

    public SinkNode Updated(string conference, string uuid, string? alias = null) =>
        Send(SinkEventType.ParticipantUpdated, conference, leg: uuid, person: uuid, alias: alias);

    public SinkNode Disconnected(string conference, string uuid) => Send(SinkEventType.ParticipantDisconnected, conference, leg: uuid, person: uuid);

    /// <summary>Events the agent never got: the next one arrives after a gap.</summary>
    public SinkNode Lose(int events)
    {
        Seq += events;
        return this;
    }

    /// <summary>The last event again, as a retry whose answer was lost.</summary>
    public SinkNode Repeat(SinkEventType type)
    {
        Seq--;
        return Send(type);
    }

    private SinkNode Send(SinkEventType type, string? conference = null, bool locked = false, string? leg = null, string? person = null, string? alias = null)
    {
        harness.Nodes.Apply(new SinkEvent(address, ++Seq, type, conference, locked, leg, person, alias));
        return this;
    }
}

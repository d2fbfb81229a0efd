namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>The events a Pexip Infinity Conferencing Node sends its event sink (protocol versions 1 and 2).</summary>
internal enum SinkEventType
{
    /// <summary>The sink was configured on the node: its sequence starts again at 1, and what it said before is void.</summary>
    EventSinkStarted,

    EventSinkUpdated,

    /// <summary>The sink was removed from the node (version 2 documentation also calls it eventsink_ended).</summary>
    EventSinkStopped,

    ConferenceStarted,
    ConferenceUpdated,
    ConferenceEnded,
    ParticipantConnected,
    ParticipantUpdated,
    ParticipantDisconnected,

    /// <summary>Version 2 call-quality events: counted, and their sequence numbers kept, but they change no occupancy.</summary>
    ParticipantMediaStreamWindow,

    ParticipantMediaStreamsDestroyed,
}

using System.Collections.Frozen;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>Event names as they are on the wire, both ways.</summary>
internal static class SinkEventTypes
{
    private static readonly FrozenDictionary<string, SinkEventType> s_byName = Enum.GetValues<SinkEventType>()
        .Select(t => KeyValuePair.Create(Name(t), t))
        .Append(KeyValuePair.Create("eventsink_ended", SinkEventType.EventSinkStopped))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The names accepted, for error messages.</summary>
    public static string List { get; } = string.Join(", ", s_byName.Keys.Order(StringComparer.Ordinal));

    public static bool TryParse(string name, out SinkEventType type) => s_byName.TryGetValue(name, out type);

    /// <summary>The wire name; a stop is eventsink_stopped whichever spelling came.</summary>
    public static string Name(SinkEventType type) => type switch
    {
        SinkEventType.EventSinkStarted => "eventsink_started",
        SinkEventType.EventSinkUpdated => "eventsink_updated",
        SinkEventType.EventSinkStopped => "eventsink_stopped",
        SinkEventType.ConferenceStarted => "conference_started",
        SinkEventType.ConferenceUpdated => "conference_updated",
        SinkEventType.ConferenceEnded => "conference_ended",
        SinkEventType.ParticipantConnected => "participant_connected",
        SinkEventType.ParticipantUpdated => "participant_updated",
        SinkEventType.ParticipantDisconnected => "participant_disconnected",
        SinkEventType.ParticipantMediaStreamWindow => "participant_media_stream_window",
        SinkEventType.ParticipantMediaStreamsDestroyed => "participant_media_streams_destroyed",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool IsConference(SinkEventType type) =>
        type is SinkEventType.ConferenceStarted or SinkEventType.ConferenceUpdated or SinkEventType.ConferenceEnded;

    public static bool IsParticipant(SinkEventType type) =>
        type is SinkEventType.ParticipantConnected or SinkEventType.ParticipantUpdated or SinkEventType.ParticipantDisconnected;
}

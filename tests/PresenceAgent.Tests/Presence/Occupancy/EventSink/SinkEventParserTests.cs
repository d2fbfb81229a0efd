using System.Text;
using PresenceAgent.Presence.Occupancy.EventSink;

namespace PresenceAgent.Tests.Presence.Occupancy.EventSink;

/// <summary>Event sink messages as Pexip Infinity sends them (protocol versions 1 and 2), and what is refused, naming the field.</summary>
public sealed class SinkEventParserTests
{
    private static SinkEvent Parse(string json)
    {
        Assert.True(SinkEventParser.TryParse(Encoding.UTF8.GetBytes(json), out var e, out var error), error?.ToString());
        return e;
    }

    private static (string Field, string Message) Refuse(string json)
    {
        Assert.False(SinkEventParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        return (error.Field, error.Message);
    }

    [Fact]
    public void Reads_a_sink_event()
    {
        var e = Parse("""{"node": "10.44.99.2", "seq": 1, "version": 1, "time": 1559897774.520606, "data": {}, "event": "eventsink_started"}""");

        Assert.Equal(new SinkEvent("10.44.99.2", 1, SinkEventType.EventSinkStarted), e);
    }

    [Fact]
    public void Reads_a_conference_event_with_its_name_and_lock()
    {
        var e = Parse("""
            {"node": "10.47.2.21", "seq": 2, "version": 2, "time": 1559897886.582799, "event": "conference_started",
             "data": {"guests_muted": false, "is_locked": true, "is_started": false, "name": "meet.webapp", "service_type": "conference",
                      "start_time": 1559897886.582629, "tag": ""}}
            """);

        Assert.Equal(new SinkEvent("10.47.2.21", 2, SinkEventType.ConferenceStarted, "meet.webapp", Locked: true), e);
    }

    [Fact]
    public void Reads_locked_when_is_locked_is_absent_and_unlocked_when_neither_is_there()
    {
        Assert.True(Parse("""{"node":"n","seq":3,"version":1,"time":1.5,"event":"conference_updated","data":{"name":"x","locked":true}}""").Locked);
        Assert.False(Parse("""{"node":"n","seq":3,"version":1,"time":1.5,"event":"conference_ended","data":{"name":"x","end_time":2.5}}""").Locked);
    }

    [Fact]
    public void Reads_a_participant_with_its_conference_alias_and_the_person_its_legs_share()
    {
        var e = Parse("""
            {"node": "10.44.34.11", "seq": 688, "version": 2, "time": 1606392917.976155, "event": "participant_disconnected",
             "data": {"protocol": "WebRTC", "conference": "Alice's VMR", "display_name": "Alice", "uuid": "a0ed2c58-f45b-4d96-a1cb-89812ec938ea",
                      "call_id": "a0ed2c58-f45b-4d96-a1cb-89812ec938ea", "role": "chair", "conversation_id": "c6a11ca7-99b4-4bf1-95d6-fdaab5ec7c0a",
                      "destination_alias": "meet.alice", "source_alias": "alice@example.com", "related_uuids": ["0b8eb723"],
                      "service_type": "conference", "call_direction": "in", "end_time": 1606392917.976151}}
            """);

        Assert.Equal(new SinkEvent("10.44.34.11", 688, SinkEventType.ParticipantDisconnected, "Alice's VMR", Leg: "a0ed2c58-f45b-4d96-a1cb-89812ec938ea",
            Person: "c6a11ca7-99b4-4bf1-95d6-fdaab5ec7c0a", Alias: "meet.alice"), e);
    }

    [Fact]
    public void A_participant_without_a_conversation_is_its_own_person_and_may_be_in_no_conference_yet()
    {
        var e = Parse("""{"node":"n","seq":1,"version":1,"time":1,"event":"participant_connected","data":{"uuid":"u1","conference":"","destination_alias":null}}""");

        Assert.Equal(("u1", "", null), (e.Person, e.Conference, e.Alias));
    }

    [Theory]
    [InlineData("eventsink_updated", nameof(SinkEventType.EventSinkUpdated))]
    [InlineData("eventsink_stopped", nameof(SinkEventType.EventSinkStopped))]
    [InlineData("eventsink_ended", nameof(SinkEventType.EventSinkStopped))]
    [InlineData("participant_media_stream_window", nameof(SinkEventType.ParticipantMediaStreamWindow))]
    [InlineData("participant_media_streams_destroyed", nameof(SinkEventType.ParticipantMediaStreamsDestroyed))]
    public void Reads_events_that_carry_nothing_occupancy_uses(string name, string typeName)
    {
        var type = Enum.Parse<SinkEventType>(typeName);
        var e = Parse($$$"""{"node":"n","seq":5,"version":2,"time":1,"event":"{{{name}}}","data":{"uuid":"u1","media_streams":[{"stream_id":"0"}]}}""");

        Assert.Equal(new SinkEvent("n", 5, type), e);
    }

    [Theory]
    [InlineData("", "$", "not JSON")]
    [InlineData("{\"node\": ", "$", "not JSON")]
    [InlineData("[1, 2]", "$", "a JSON object with node, seq, version, time, event and data, not an array")]
    [InlineData("""{"node":"n","seq":1,"version":1,"time":1,"data":{}}""", "event", "missing; a string is required")]
    [InlineData("""{"event":"conference_exploded","node":"n","seq":1,"version":1,"time":1,"data":{}}""", "event", "'conference_exploded' is not an event the sink takes (conference_ended, ")]
    [InlineData("""{"event":"eventsink_bulk","node":"127.0.0.1","seq":0,"version":2,"time":1,"data":[]}""", "event", "eventsink_bulk: bulk delivery is not supported")]
    [InlineData("""{"event":"eventsink_started","seq":1,"version":1,"time":1,"data":{}}""", "node", "missing; a string is required")]
    [InlineData("""{"event":"eventsink_started","node":"","seq":1,"version":1,"time":1,"data":{}}""", "node", "empty")]
    [InlineData("""{"event":"eventsink_started","node":"n","seq":"1","version":1,"time":1,"data":{}}""", "seq", "must be an integer, not a string")]
    [InlineData("""{"event":"eventsink_started","node":"n","seq":1.5,"version":1,"time":1,"data":{}}""", "seq", "must be an integer, not a number")]
    [InlineData("""{"event":"eventsink_started","node":"n","seq":-1,"version":1,"time":1,"data":{}}""", "seq", "-1; at least 0")]
    [InlineData("""{"event":"eventsink_started","node":"n","seq":1,"time":1,"data":{}}""", "version", "missing; an integer is required")]
    [InlineData("""{"event":"eventsink_started","node":"n","seq":1,"version":1,"data":{}}""", "time", "missing; a number (Unix time) is required")]
    [InlineData("""{"event":"eventsink_started","node":"n","seq":1,"version":1,"time":1,"data":null}""", "data", "must be an object, not null")]
    [InlineData("""{"event":"conference_started","node":"n","seq":1,"version":1,"time":1,"data":{}}""", "data.name", "missing; a string is required")]
    [InlineData("""{"event":"conference_started","node":"n","seq":1,"version":1,"time":1,"data":{"name":"x","is_locked":"yes"}}""", "data.is_locked", "must be true or false, not a string")]
    [InlineData("""{"event":"participant_connected","node":"n","seq":1,"version":1,"time":1,"data":{"conference":"x"}}""", "data.uuid", "missing; a string is required")]
    [InlineData("""{"event":"participant_updated","node":"n","seq":1,"version":1,"time":1,"data":{"uuid":"u"}}""", "data.conference", "missing; a string is required")]
    [InlineData("""{"event":"participant_connected","node":"n","seq":1,"version":1,"time":1,"data":{"uuid":"u","conference":"x","destination_alias":7}}""", "data.destination_alias", "must be a string, not a number")]
    [InlineData("""{"event":"eventsink_started","node":"n","node":"m","seq":1,"version":1,"time":1,"data":{}}""", "$", "not JSON")]
    public void Refuses_what_is_not_an_event_naming_the_field(string json, string field, string message)
    {
        var (f, m) = Refuse(json);

        Assert.Equal(field, f);
        Assert.StartsWith(message, m, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_kept_text_longer_than_its_bound()
    {
        var uuid = new string('u', SinkEventParser.MaxIdLength + 1);

        Assert.Equal(("data.uuid", "129 characters; at most 128"),
            Refuse($$$"""{"event":"participant_connected","node":"n","seq":1,"version":1,"time":1,"data":{"uuid":"{{{uuid}}}","conference":"x"}}"""));
        Assert.Equal("node", Refuse($$$"""{"event":"eventsink_started","node":"{{{new string('1', 65)}}}","seq":1,"version":1,"time":1,"data":{}}""").Field);
    }

    [Fact]
    public void Refuses_nesting_deeper_than_any_event()
    {
        var deep = new string('[', 40) + new string(']', 40);

        Assert.Equal("$", Refuse($$$"""{"event":"eventsink_started","node":"n","seq":1,"version":1,"time":1,"data":{"x":{{{deep}}}}}""").Field);
    }

    [Fact]
    public void An_unknown_events_name_is_cut_and_escaped_in_the_message()
    {
        var (_, message) = Refuse("{\"event\":\"evil\\r\\nX-Injected: 1" + new string('a', 200) + "\",\"node\":\"n\",\"seq\":1,\"version\":1,\"time\":1,\"data\":{}}");

        Assert.DoesNotContain('\n', message);
        Assert.True(message.Length < 400, message);
    }
}

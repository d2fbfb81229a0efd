using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// Reads one event sink message: a JSON object with the common fields <c>node</c>, <c>seq</c>, <c>version</c>,
/// <c>time</c>, <c>event</c> and <c>data</c>, and in <c>data</c> the fields occupancy needs for its type. Any other
/// field is ignored, so later protocol versions that add fields still parse. Text that is kept is bounded, so a node
/// cannot make one participant cost more than a few hundred bytes.
/// </summary>
internal static class SinkEventParser
{
    /// <summary>A node is named by its primary IP address: an IPv6 address with a zone fits with room.</summary>
    public const int MaxNodeLength = 64;

    /// <summary>Pexip Infinity names are at most 250 characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Participant ids are UUIDs (36 characters); twice that leaves room for other forms.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Aliases are looked up, never kept.</summary>
    public const int MaxAliasLength = 512;

    /// <summary>Events are two levels deep; version 2 media events four. Deeper is not an event.</summary>
    private static readonly JsonDocumentOptions s_json = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out SinkEvent? parsed, [NotNullWhen(false)] out FieldError? error)
    {
        parsed = null;
        try
        {
            using var document = JsonDocument.Parse(body, s_json);
            error = Read(document.RootElement, out parsed);
        }
        catch (JsonException ex)
        {
            error = new FieldError("$", $"not JSON: {ex.Message}");
        }

        return error is null;
    }

    private static FieldError? Read(JsonElement root, out SinkEvent? parsed)
    {
        parsed = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new FieldError("$", $"a JSON object with node, seq, version, time, event and data, not {Kind(root)}");
        }

        if (Text(root, "event", "event", 64, out var name) is { } e)
        {
            return e;
        }

        if (!SinkEventTypes.TryParse(name!, out var type))
        {
            return new FieldError("event", name == "eventsink_bulk"
                ? "eventsink_bulk: bulk delivery is not supported; turn bulk support off on the platform's event sink"
                : $"'{SipFailure.Sanitize(name)}' is not an event the sink takes ({SinkEventTypes.List})");
        }

        // Each field is read (so each out value is set); the first fault in field order is the one reported.
        var nodeFault = Text(root, "node", "node", MaxNodeLength, out var node);
        var seqFault = Integer(root, "seq", 0, out var seq);
        var versionFault = Integer(root, "version", 1, out _);
        if ((nodeFault ?? seqFault ?? versionFault) is { } common)
        {
            return common;
        }

        if (!root.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.Number)
        {
            return Missing("time", "a number (Unix time)", time);
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return Missing("data", "an object", data);
        }

        if (SinkEventTypes.IsConference(type))
        {
            var nameFault = Text(data, "name", "data.name", MaxNameLength, out var conference);
            var lockFault = Locked(data, out var locked);
            if ((nameFault ?? lockFault) is { } c)
            {
                return c;
            }

            parsed = new SinkEvent(node!, seq, type, conference, locked);
        }
        else if (SinkEventTypes.IsParticipant(type))
        {
            var legFault = Text(data, "uuid", "data.uuid", MaxIdLength, out var leg);
            var conferenceFault = Text(data, "conference", "data.conference", MaxNameLength, out var conference, allowEmpty: true);
            var aliasFault = OptionalText(data, "destination_alias", "data.destination_alias", MaxAliasLength, out var alias);
            var conversationFault = OptionalText(data, "conversation_id", "data.conversation_id", MaxIdLength, out var conversation);
            if ((legFault ?? conferenceFault ?? aliasFault ?? conversationFault) is { } p)
            {
                return p;
            }

            parsed = new SinkEvent(node!, seq, type, conference, Leg: leg, Person: string.IsNullOrEmpty(conversation) ? leg : conversation, Alias: alias);
        }
        else
        {
            parsed = new SinkEvent(node!, seq, type);
        }

        return null;
    }

    /// <summary>Version 1 and 2 say <c>is_locked</c>; <c>locked</c> is read when it is absent. Neither: unlocked.</summary>
    private static FieldError? Locked(JsonElement data, out bool locked)
    {
        locked = false;
        foreach (var name in (ReadOnlySpan<string>)["is_locked", "locked"])
        {
            if (data.TryGetProperty(name, out var value))
            {
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return new FieldError($"data.{name}", $"must be true or false, not {Kind(value)}");
                }

                locked = value.GetBoolean();
                return null;
            }
        }

        return null;
    }

    private static FieldError? Text(JsonElement parent, string name, string path, int max, out string? value, bool allowEmpty = false)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return Missing(path, "a string", element);
        }

        value = element.GetString()!;
        if (value.Length == 0 && !allowEmpty)
        {
            return new FieldError(path, "empty");
        }

        return value.Length > max ? new FieldError(path, $"{value.Length} characters; at most {max}") : null;
    }

    private static FieldError? OptionalText(JsonElement parent, string name, string path, int max, out string? value)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return Text(parent, name, path, max, out value, allowEmpty: true);
    }

    private static FieldError? Integer(JsonElement parent, string name, long min, out long value)
    {
        value = 0;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out value))
        {
            return Missing(name, "an integer", element);
        }

        return value < min ? new FieldError(name, $"{value}; at least {min}") : null;
    }

    private static FieldError Missing(string path, string expected, JsonElement found) =>
        new(path, found.ValueKind == JsonValueKind.Undefined ? $"missing; {expected} is required" : $"must be {expected}, not {Kind(found)}");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Presence.Occupancy;

/// <summary>
/// The occupancy API's document, <c>{"participants": 3, "locked": false}</c>: participants a whole number from 0,
/// locked a boolean (false when left out). Any other field is refused, so a misspelt one is not silently ignored.
/// </summary>
internal static class OccupancyDocument
{
    /// <summary>Beyond any conference platform, as Services:N:Capacity's bound.</summary>
    public const int MaxParticipants = 1_000_000;

    private static readonly JsonDocumentOptions s_json = new() { MaxDepth = 4, AllowDuplicateProperties = false };

    public static bool TryParse(ReadOnlyMemory<byte> body, out RoomOccupancy occupancy, [NotNullWhen(false)] out FieldError? error)
    {
        occupancy = default;
        try
        {
            using var document = JsonDocument.Parse(body, s_json);
            error = Read(document.RootElement, out occupancy);
        }
        catch (JsonException ex)
        {
            error = new FieldError("(body)", $"not JSON: {ex.Message}");
        }

        return error is null;
    }

    private static FieldError? Read(JsonElement root, out RoomOccupancy occupancy)
    {
        occupancy = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new FieldError("(body)", "a JSON object such as {\"participants\": 3, \"locked\": false}");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("participants" or "locked"))
            {
                return new FieldError(SipFailure.Sanitize(property.Name), "no such field; the document has participants and locked");
            }
        }

        if (!root.TryGetProperty("participants", out var participants))
        {
            return new FieldError("participants", "missing; a whole number from 0 is required");
        }

        if (participants.ValueKind != JsonValueKind.Number || !participants.TryGetInt32(out var count) || count is < 0 or > MaxParticipants)
        {
            return new FieldError("participants", $"must be a whole number from 0 to {MaxParticipants}");
        }

        var locked = false;
        if (root.TryGetProperty("locked", out var lockedElement))
        {
            if (lockedElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return new FieldError("locked", "must be true or false");
            }

            locked = lockedElement.GetBoolean();
        }

        occupancy = new RoomOccupancy(count, locked);
        return null;
    }
}

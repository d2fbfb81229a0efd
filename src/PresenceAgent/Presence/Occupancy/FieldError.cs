namespace PresenceAgent.Presence.Occupancy;

/// <summary>Why a document from a platform was refused: the field at fault (a JSON path such as <c>data.uuid</c>) and what is wrong with it.</summary>
internal sealed record FieldError(string Field, string Message);

namespace PresenceAgent.Documents.Pidf;

/// <summary>A note of a received PIDF document: its text, its <c>xml:lang</c> (null when none applies) and where it was.</summary>
internal sealed record PidfNote(string Text, string? Language, PidfNotePlace Place);

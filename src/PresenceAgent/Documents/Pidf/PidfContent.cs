using System.Collections.Immutable;

namespace PresenceAgent.Documents.Pidf;

/// <summary>What a received PIDF document says, as <see cref="PidfReader"/> found it; the meaning is the reader's caller's.</summary>
/// <param name="Open">Basic status: true when any tuple is open, false when every basic is closed, null when no tuple has one (it is optional).</param>
/// <param name="Activities">RFC 4480 activity names in document order, persons' and tuples' alike (<c>busy</c>, <c>meeting</c>, …).</param>
/// <param name="Notes">Every note, in document order.</param>
/// <param name="Availability">An msrtc availability number (3000-18999 means a status), when the publisher added one.</param>
internal sealed record PidfContent(bool? Open, ImmutableArray<string> Activities, ImmutableArray<PidfNote> Notes, int? Availability);

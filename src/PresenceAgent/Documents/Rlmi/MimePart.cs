namespace PresenceAgent.Documents.Rlmi;

/// <summary>One body part of a multipart/related body: its Content-ID (without angle brackets), type and bytes.</summary>
internal readonly record struct MimePart(string ContentId, string ContentType, ReadOnlyMemory<byte> Body);

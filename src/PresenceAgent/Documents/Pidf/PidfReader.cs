using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;
using PresenceAgent.Documents.Msrtc;

namespace PresenceAgent.Documents.Pidf;

/// <summary>
/// Reads the parts of a received <c>application/pidf+xml</c> document (RFC 3863) a publication is made of: the basic
/// status of its tuples, the RPID activities (RFC 4480) of its persons and tuples, its notes with their languages, and
/// an msrtc availability number when a publisher adds one. Elements are matched by namespace, never by prefix
/// (reference §8, pitfall 16); everything else is skipped. Peer input: no DTD, no resolver, a size cap.
/// </summary>
internal static class PidfReader
{
    /// <summary>The RPID drafts' namespace, still sent by gateways (reference §8, pitfall 22): <c>activity</c> elements with the token as text.</summary>
    public const string DraftRpidStatus = "urn:ietf:params:xml:ns:pidf:status:rpid-status";

    /// <summary>
    /// Reads <paramref name="body"/>, refused beyond <paramref name="maxCharacters"/> characters whatever the caller
    /// checked before; on failure <paramref name="error"/> says why, for a 400 reason phrase, and <paramref name="content"/> is null.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> body, int maxCharacters, out PidfContent? content, out string error)
    {
        content = null;
        var settings = new XmlReaderSettings
        {
            // Hostile input: no DTD (entity expansion), no external resolution, a bounded document.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        try
        {
            // Read in place: the body is a slice of the received message's buffer.
            var stream = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "presence" || reader.NamespaceURI != PidfNamespaces.Pidf)
            {
                error = "body is not a PIDF presence document";
                return false;
            }

            return TryReadElements(reader, out content, out error);
        }
        catch (XmlException ex)
        {
            // XmlReader names line 0 for a refused DTD and an empty body: there is no line to name then.
            error = ex.LineNumber > 0 ? $"PIDF is malformed XML (line {ex.LineNumber})" : "PIDF is malformed XML";
            return false;
        }
    }

    private static bool TryReadElements(XmlReader reader, out PidfContent? content, out string error)
    {
        content = null;
        bool? open = null;
        int? availability = null;
        var activities = ImmutableArray.CreateBuilder<string>();
        var notes = ImmutableArray.CreateBuilder<PidfNote>();
        var inActivities = false;
        var activitiesDepth = -1;
        reader.Read();
        while (!reader.EOF)
        {
            if (inActivities && reader.Depth <= activitiesDepth)
            {
                inActivities = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            var ns = reader.NamespaceURI;
            switch (reader.LocalName)
            {
                // RFC 3863 §4.1.4: open or closed; several tuples are open when any one is.
                case "basic" when ns == PidfNamespaces.Pidf:
                    var basic = reader.ReadElementContentAsString().Trim();
                    if (basic is not ("open" or "closed"))
                    {
                        error = "basic is neither open nor closed";
                        return false;
                    }

                    open = open == true || basic == "open";
                    continue;

                // RFC 3863 §4.1.6 (presence and tuple notes), RFC 4479 §3.3 (person and device notes).
                case "note" when ns is PidfNamespaces.Pidf or PidfNamespaces.DataModel:
                    var where = reader.Depth == 1 ? PidfNotePlace.Presence : ns == PidfNamespaces.DataModel ? PidfNotePlace.Person : PidfNotePlace.Tuple;
                    var language = reader.XmlLang is { Length: > 0 } lang ? lang : null;
                    notes.Add(new PidfNote(reader.ReadElementContentAsString().Trim(), language, where));
                    continue;

                // RFC 4480 §3.2: each child of activities names one; only <other> carries text, which names nothing we know.
                case "activities" when ns == PidfNamespaces.Rpid:
                    inActivities = !reader.IsEmptyElement;
                    activitiesDepth = reader.Depth;
                    break;
                case var name when inActivities && ns == PidfNamespaces.Rpid && reader.Depth == activitiesDepth + 1:
                    activities.Add(name);
                    break;
                case "activity" when ns == DraftRpidStatus:
                    activities.Add(reader.ReadElementContentAsString().Trim().ToLowerInvariant());
                    continue;

                // [MS-PRES] state availability, which a Lync-aware publisher may add beside the RPID.
                case "availability" when ns == MsrtcNamespaces.State:
                    if (!int.TryParse(reader.ReadElementContentAsString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    {
                        error = "availability is not a number";
                        return false;
                    }

                    availability = number;
                    continue;
            }

            reader.Read();
        }

        content = new PidfContent(open, activities.ToImmutable(), notes.ToImmutable(), availability);
        error = "";
        return true;
    }
}

using System.Globalization;
using System.Xml;

namespace PresenceAgent.Presence;

/// <summary>
/// Reads a state map in the Genesys T-Server agentStates format, so admins who keep one for Skype for Business reuse it:
/// <c>&lt;agentStates xmlns="http://schemas.genesys.com/09/2014/mslyncserver/agentStates"&gt;</c> holding
/// <c>&lt;agentState ID="…" availability="…"&gt;</c> entries, each with <c>&lt;activity LCID="…"&gt;text&lt;/activity&gt;</c>
/// per language. Each entry becomes a state whose base status is the one its number means. Strict: the first fault
/// refuses the file with its line, since a state silently dropped would show watchers the wrong thing.
/// </summary>
internal static class StateMapReader
{
    public const string Namespace = "http://schemas.genesys.com/09/2014/mslyncserver/agentStates";

    /// <summary>A map of a few hundred states in several languages is tens of kilobytes; a megabyte is not a state map.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly XmlReaderSettings s_settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>The states of the file at <paramref name="path"/>; throws <see cref="StateMapException"/> naming the fault.</summary>
    public static IReadOnlyList<PresenceState> Read(string path)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StateMapException(path, 0, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }

        using (stream)
        {
            return Read(stream, path);
        }
    }

    /// <summary>The states of <paramref name="stream"/>, with <paramref name="file"/> named in faults.</summary>
    public static IReadOnlyList<PresenceState> Read(Stream stream, string file)
    {
        // Read whole (it is small) so that a fault the XML reader gives no position for can still be placed.
        var bytes = new byte[MaxBytes + 1];
        var length = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (length > MaxBytes)
        {
            throw new StateMapException(file, 0, $"more than {MaxBytes} bytes; a state map may have at most {MaxBytes}");
        }

        return Parse(bytes, length, file);
    }

    private static IReadOnlyList<PresenceState> Parse(byte[] bytes, int length, string file)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes, 0, length, writable: false), s_settings);
        var line = (IXmlLineInfo)reader;
        try
        {
            reader.MoveToContent();
            if (reader.LocalName != "agentStates" || reader.NamespaceURI != Namespace)
            {
                throw new StateMapException(file, line.LineNumber,
                    $"the root element is <{reader.Name}>{InNamespace(reader)}; a state map is <agentStates xmlns=\"{Namespace}\">");
            }

            var states = new List<PresenceState>();
            var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var _ in Children(reader, file, "agentStates"))
            {
                if (reader.LocalName != "agentState" || reader.NamespaceURI != Namespace)
                {
                    throw new StateMapException(file, line.LineNumber, $"<{reader.Name}>{InNamespace(reader)} in agentStates; only agentState belongs there");
                }

                states.Add(ReadState(reader, file, ids));
            }

            // Anything after the root is a well-formedness error the reader reports as it gets there.
            while (reader.Read())
            {
            }

            return states;
        }
        catch (XmlException ex) when (ex.LineNumber == 0 && LineOf(bytes.AsSpan(0, length), "<!DOCTYPE"u8) is > 0 and var dtd)
        {
            // The reader refuses a DTD without a position, and with advice for programmers.
            throw new StateMapException(file, dtd, "a document type declaration (<!DOCTYPE …>); a state map may not have one");
        }
        catch (XmlException ex)
        {
            throw new StateMapException(file, ex.LineNumber, $"not well-formed XML: {ex.Message}");
        }
    }

    /// <summary>One agentState, the reader on its start tag; <paramref name="ids"/> has the line of each ID seen.</summary>
    private static PresenceState ReadState(XmlReader reader, string file, Dictionary<string, int> ids)
    {
        var line = ((IXmlLineInfo)reader).LineNumber;
        StateMapException Fault(string reason) => new(file, line, reason);

        var id = reader.GetAttribute("ID")?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            throw Fault("an agentState without an ID");
        }

        if (string.Equals(id, Live.ManualOverride.InvisibleId, StringComparison.OrdinalIgnoreCase))
        {
            throw Fault($"ID '{id}' names the invisible override; choose another ID");
        }

        if (!ids.TryAdd(id, line))
        {
            throw Fault($"ID '{id}' is also the ID on line {ids[id]} (IDs are compared ignoring case)");
        }

        var number = reader.GetAttribute("availability");
        if (number is null)
        {
            throw Fault($"agentState '{id}' has no availability");
        }

        if (!int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var availability))
        {
            throw Fault($"availability '{number}' of '{id}' is not a number");
        }

        if (Availability.StatusOf(availability) is not { } status || availability > Availability.Maximum)
        {
            throw Fault($"availability {availability} of '{id}' is outside {Availability.Minimum}-{Availability.Maximum} " +
                "(below 3000 Lync shows presence unknown; Offline is 18000 and up)");
        }

        // A base status keeps its meaning: a map that made "Available" busy would turn every default room busy.
        if (BaseStatusNames.TryParse(id, out var named) && named != status)
        {
            var (first, last) = Availability.RangeOf(named);
            throw Fault($"'{id}' redefines the base status {named}, so its availability must mean {named} (from {first}{(last == int.MaxValue ? " up" : $" to {last}")}); {availability} means {status}");
        }

        var texts = new List<StateText>();
        foreach (var _ in Children(reader, file, $"agentState '{id}'"))
        {
            texts.Add(ReadActivity(reader, file, id, texts));
        }

        return new PresenceState(id, status, availability, [.. texts], StatusMeaning.Of(status));
    }

    /// <summary>One activity, the reader on its start tag; leaves the reader after its end tag.</summary>
    private static StateText ReadActivity(XmlReader reader, string file, string id, List<StateText> texts)
    {
        var line = ((IXmlLineInfo)reader).LineNumber;
        StateMapException Fault(string reason) => new(file, line, reason);

        if (reader.LocalName != "activity" || reader.NamespaceURI != Namespace)
        {
            throw Fault($"<{reader.Name}>{InNamespace(reader)} in agentState '{id}'; only activity belongs there");
        }

        var lcidText = reader.GetAttribute("LCID");
        if (lcidText is null)
        {
            throw Fault($"an activity of '{id}' has no LCID");
        }

        if (!int.TryParse(lcidText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var lcid) || !Lcids.TryGetByLcid(lcid, out var language))
        {
            throw Fault($"LCID '{lcidText}' of '{id}' is not a locale id we know; one of {Lcids.KnownLcids}");
        }

        if (texts.Any(t => t.Language == language))
        {
            throw Fault($"'{id}' has a second activity for LCID {lcid}");
        }

        // Genesys examples pad the text with spaces; Lync would show them.
        var text = reader.ReadElementContentAsString().Trim();
        if (text.Length == 0)
        {
            throw Fault($"the activity of '{id}' for LCID {lcid} has no text");
        }

        return new StateText(language, text);
    }

    /// <summary>
    /// Steps through the child elements of the element the reader is on, yielding with the reader on each child's start
    /// tag; the caller reads the child to its end. Text between children is refused: it would be silently lost.
    /// </summary>
    private static IEnumerable<int> Children(XmlReader reader, string file, string parent)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            yield break;
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                yield return reader.Depth;
                continue;
            }

            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                // The node starts after the previous tag; the line to fix is the one its text is on.
                var value = reader.Value;
                var line = ((IXmlLineInfo)reader).LineNumber + value.AsSpan(0, value.Length - value.TrimStart().Length).Count('\n');
                throw new StateMapException(file, line, $"text '{Shorten(value)}' in {parent}, outside any element");
            }

            reader.Read();
        }

        // The end tag of the parent.
        reader.Read();
    }

    /// <summary>The line <paramref name="text"/> first occurs on in <paramref name="bytes"/>; 0 when it does not.</summary>
    private static int LineOf(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> text)
    {
        var at = bytes.IndexOf(text);
        return at < 0 ? 0 : bytes[..at].Count((byte)'\n') + 1;
    }

    private static string InNamespace(XmlReader reader) =>
        reader.NamespaceURI.Length == 0 ? " in no namespace" : $" in namespace {reader.NamespaceURI}";

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 40 ? trimmed : string.Concat(trimmed.AsSpan(0, 40), "…");
    }
}

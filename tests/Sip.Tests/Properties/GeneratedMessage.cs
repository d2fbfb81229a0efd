using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// One header line as generated: <see cref="WireName"/> is how it is spelled (compact, any case), <see cref="Name"/> how the
/// stack must report it, <see cref="Value"/> what its value must read as. <see cref="BeforeColon"/>, <see cref="AfterColon"/>
/// and <see cref="Fold"/> only change how the line is rendered (LWS and line folding, RFC 3261 §7.3.1).
/// </summary>
internal sealed record GeneratedField(string WireName, string Value, string BeforeColon = "", string AfterColon = " ", string? Fold = null)
{
    public string Name => HeaderDescriptor.FindByName(WireName) is var kind and not HeaderKind.Unknown ? HeaderDescriptor.Get(kind).Name : WireName;

    public string Render()
    {
        var value = Value;
        var space = FoldableSpace(value);
        if (Fold is not null && space >= 0)
        {
            // A fold is read back as the one SP it replaces.
            value = string.Concat(value.AsSpan(0, space), Fold, value.AsSpan(space + 1));
        }

        return $"{WireName}{BeforeColon}:{AfterColon}{value}\r\n";
    }

    /// <summary>A lone SP between two non-blank characters: folding there reads back the same.</summary>
    private static int FoldableSpace(string value)
    {
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == ' ' && !char.IsWhiteSpace(value[i - 1]) && !char.IsWhiteSpace(value[i + 1]))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A generated valid message: the start line, the header fields in order (Content-Length aside, which the writer
/// computes) and the body. It can be built through the API (for the writer) or rendered as a peer might send it.
/// </summary>
internal sealed record GeneratedMessage(
    string? Method,
    string RequestUri,
    int StatusCode,
    string ReasonPhrase,
    IReadOnlyList<GeneratedField> Fields,
    byte[] Body,
    string ContentLengthName,
    int ContentLengthAt)
{
    public SipMessage Build()
    {
        var headers = new SipHeaders();
        foreach (var field in Fields)
        {
            headers.Add(field.WireName, field.Value);
        }

        SipMessage message = Method is null
            ? new SipResponse(StatusCode, ReasonPhrase, headers)
            : new SipRequest(Method, SipUri.Parse(RequestUri), headers);
        message.Body = Body;
        return message;
    }

    /// <summary>The bytes a peer could send: the wire names, spacing and folds as generated, Content-Length where placed.</summary>
    public byte[] Render()
    {
        var text = new StringBuilder(512);
        text.Append(Method is null ? $"SIP/2.0 {StatusCode} {ReasonPhrase}\r\n" : $"{Method} {RequestUri} SIP/2.0\r\n");
        for (var i = 0; i <= Fields.Count; i++)
        {
            if (i == ContentLengthAt)
            {
                text.Append(ContentLengthName).Append(": ").Append(Body.Length).Append("\r\n");
            }

            if (i < Fields.Count)
            {
                text.Append(Fields[i].Render());
            }
        }

        text.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. Body];
    }

    /// <summary>What the parser must report for the fields, Content-Length aside.</summary>
    public IEnumerable<(string Name, string Value)> Expected => Fields.Select(f => (f.Name, f.Value));

    /// <summary>FsCheck prints this when a property fails: the message as rendered.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Render());
}

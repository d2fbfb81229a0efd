using System.Buffers;
using System.Buffers.Text;
using System.Net;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Writing;

/// <summary>
/// Writes a response straight from its request's fields (RFC 3261 §8.2.6.2): every Via in order, the top one stamped
/// with where the request came from, then From, To, Call-ID and CSeq as received, a To tag when the request had none,
/// the stack's Server (and diagnostics on a failure), the handler's fields, and Content-Length: 0. The bytes are those
/// <see cref="SipResponseFactory"/>, <see cref="ViaStamper"/> and <see cref="SipMessageWriter"/> give, without the
/// header list, response and Via objects between.
/// </summary>
internal static class ResponseWriter
{
    private const int MaxScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>
    /// The response in a buffer rented for it (see <see cref="WrittenResponse"/>), with where it goes over UDP (see
    /// <see cref="ViaStamp.TryWrite"/>). False when the request has no Via whose first via-parm scans: the general path
    /// answers that one.
    /// </summary>
    public static bool TryWrite(SipRequest request, IPEndPoint source, int statusCode, string reasonPhrase, string? toTag, in ResponseFields added,
        ResponseStamp stamp, out WrittenResponse response)
    {
        var buffer = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        response = default;
        var written = TryWrite(request, source, statusCode, reasonPhrase, toTag, added, stamp, buffer, out var udpTarget);
        if (written)
        {
            var rented = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
            buffer.WrittenSpan.CopyTo(rented);
            response = new WrittenResponse(statusCode, rented, buffer.WrittenCount, udpTarget);
        }

        // A rare huge response should not pin its buffer to the thread for good.
        if (buffer.Capacity > MaxScratchBytes)
        {
            t_scratch = null;
        }

        return written;
    }

    /// <summary>Writes the response into <paramref name="output"/>; on false, what was written is to be dropped.</summary>
    internal static bool TryWrite(SipRequest request, IPEndPoint source, int statusCode, string reasonPhrase, string? toTag, in ResponseFields added,
        ResponseStamp stamp, IBufferWriter<byte> output, out IPEndPoint? udpTarget)
    {
        udpTarget = null;
        output.Write("SIP/2.0 "u8);
        SipMessageWriter.WriteInt(statusCode, output);
        output.Write(" "u8);
        SipMessageWriter.WriteText(reasonPhrase, output);
        output.Write("\r\n"u8);

        var stamped = false;
        foreach (var field in request.Headers)
        {
            switch (field.Kind)
            {
                case HeaderKind.Via when !stamped:
                    if (!TryWriteTopVia(field, source, output, out udpTarget))
                    {
                        return false;
                    }

                    stamped = true;
                    break;
                case HeaderKind.Via or HeaderKind.From or HeaderKind.CallId or HeaderKind.CSeq:
                    SipMessageWriter.WriteField(field, output);
                    break;
                case HeaderKind.To:
                    // Whether it has a tag is what validation found; the first To is the only one a parsed request has.
                    WriteTo(field, statusCode, request.TryGetTag(HeaderKind.To, out _), toTag, output);
                    break;
            }
        }

        if (!stamped)
        {
            return false;
        }

        WriteStamp(stamp, statusCode, reasonPhrase, output);
        for (var i = 0; i < added.Count; i++)
        {
            WriteAdded(added[i], output);
        }

        SipMessageWriter.WriteContentLength(0, output);
        output.Write("\r\n"u8);
        return true;
    }

    private static bool TryWriteTopVia(in HeaderField field, IPEndPoint source, IBufferWriter<byte> output, out IPEndPoint? udpTarget)
    {
        using var value = new Utf8Value(field, stackalloc byte[Utf8Value.ScratchBytes]);
        var name = "Via: "u8;
        var span = output.GetSpan(name.Length + value.Span.Length + ViaStamp.MaxAddedBytes + 2);
        name.CopyTo(span);
        if (!ViaStamp.TryWrite(value.Span, source, span[name.Length..], out var written, out udpTarget))
        {
            return false;
        }

        written += name.Length;
        "\r\n"u8.CopyTo(span[written..]);
        output.Advance(written + 2);
        return true;
    }

    /// <summary>
    /// To as received, with <c>;tag=</c> appended when <paramref name="hasTag"/> is false (a header parameter after a
    /// name-addr and an addr-spec alike, §20.10).
    /// </summary>
    private static void WriteTo(in HeaderField field, int statusCode, bool hasTag, string? toTag, IBufferWriter<byte> output)
    {
        var tag = hasTag ? null : toTag ?? (statusCode > 100 ? SipIds.NewTag() : null);
        if (tag is null)
        {
            SipMessageWriter.WriteField(field, output);
            return;
        }

        using var value = new Utf8Value(field, stackalloc byte[Utf8Value.ScratchBytes]);
        SipMessageWriter.WriteName(HeaderKind.To, output);
        output.Write(value.Span.TrimEnd(" \t"u8));
        output.Write(";tag="u8);
        SipMessageWriter.WriteText(tag, output);
        output.Write("\r\n"u8);
    }

    /// <summary>What <see cref="ResponseStamp.Apply"/> adds, in its order.</summary>
    private static void WriteStamp(ResponseStamp stamp, int statusCode, string reasonPhrase, IBufferWriter<byte> output)
    {
        if (stamp.Server is { } server)
        {
            SipMessageWriter.WriteName(HeaderKind.Server, output);
            SipMessageWriter.WriteText(server, output);
            output.Write("\r\n"u8);
        }

        if (stamp.Diagnostics && statusCode >= 400)
        {
            SipMessageWriter.WriteText(ResponseStamp.DiagnosticsHeader, output);
            output.Write(": "u8);
            SipMessageWriter.WriteText(ResponseStamp.Format(reasonPhrase), output);
            output.Write("\r\n"u8);
        }
    }

    private static void WriteAdded(in ResponseField field, IBufferWriter<byte> output)
    {
        if (field.Name is { } name)
        {
            SipMessageWriter.WriteText(name, output);
            output.Write(": "u8);
        }
        else
        {
            SipMessageWriter.WriteName(field.Kind, output);
        }

        if (field.Text is { } text)
        {
            SipMessageWriter.WriteText(text, output);
        }
        else
        {
            var span = output.GetSpan(20);
            output.Advance(Utf8Formatter.TryFormat(field.Number, span, out var length) ? length : 0);
        }

        output.Write("\r\n"u8);
    }
}

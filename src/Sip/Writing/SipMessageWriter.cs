using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Writing;

/// <summary>
/// Writes canonical messages: start line, each header once per field with its long name, a Content-Length computed
/// from the body (any Content-Length header in the model is replaced), blank line, body.
/// </summary>
/// <remarks>
/// Known names come from pre-encoded bytes and a raw (received) value is copied from its bytes, so relaying a parsed
/// message decodes nothing it did not already read. Line folding is written as one SP (RFC 3261 §7.3.1), and so is any
/// CR or LF inside a value we built, so a value can never start a header line of its own.
/// </remarks>
public static partial class SipMessageWriter
{
    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        WriteHead(message, output);
        output.Write(message.Body.Span);
    }

    /// <summary>Everything before the body: start line, headers with the body's Content-Length, blank line.</summary>
    public static void WriteHead(SipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        WriteStartLine(message, output);
        var wroteLength = false;
        foreach (var field in message.Headers)
        {
            if (field.Kind == HeaderKind.ContentLength)
            {
                // Exactly one Content-Length, computed, where the first one stood.
                if (!wroteLength)
                {
                    WriteContentLength(message.Body.Length, output);
                    wroteLength = true;
                }

                continue;
            }

            WriteField(field, output);
        }

        if (!wroteLength)
        {
            WriteContentLength(message.Body.Length, output);
        }

        output.Write("\r\n"u8);
    }

    /// <summary>
    /// The message as one exact-size array (what transports keep for retransmission). Written through a per-thread
    /// scratch buffer, so the only allocation is the result.
    /// </summary>
    public static byte[] ToArray(SipMessage message) => ToArray(message, withBody: true);

    /// <summary>
    /// <see cref="WriteHead"/> as one exact-size array: a transport that sends the body from where it is (shared by
    /// many NOTIFYs) keeps only this per message.
    /// </summary>
    public static byte[] HeadToArray(SipMessage message) => ToArray(message, withBody: false);

    private static byte[] ToArray(SipMessage message, bool withBody)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = t_scratch ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        WriteHead(message, buffer);
        if (withBody)
        {
            buffer.Write(message.Body.Span);
        }

        var bytes = buffer.WrittenSpan.ToArray();

        // A rare huge message should not pin its buffer to the thread for good.
        if (buffer.Capacity > MaxScratchBytes)
        {
            t_scratch = null;
        }

        return bytes;
    }

    private const int MaxScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Request-Line = Method SP Request-URI SP SIP-Version CRLF; Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF.</summary>
    private static void WriteStartLine(SipMessage message, IBufferWriter<byte> output)
    {
        switch (message)
        {
            case SipRequest request:
                WriteText(request.Method, output);
                output.Write(" "u8);
                if (request.RequestUriBytes is { IsEmpty: false } uri)
                {
                    output.Write(uri);
                }
                else
                {
                    WriteText(request.RequestUri.ToString(), output);
                }

                output.Write(" SIP/2.0\r\n"u8);
                break;
            case SipResponse response:
                output.Write("SIP/2.0 "u8);
                WriteInt(response.StatusCode, output);
                output.Write(" "u8);
                WriteText(response.ReasonPhrase, output);
                output.Write("\r\n"u8);
                break;
            default:
                throw new ArgumentException($"unknown message type {message.GetType().Name}", nameof(message));
        }
    }

    internal static void WriteField(in HeaderField field, IBufferWriter<byte> output)
    {
        if (field.Kind != HeaderKind.Unknown)
        {
            output.Write(s_names[(int)field.Kind]);
        }
        else if (!field.RawName.IsEmpty)
        {
            output.Write(field.RawName);
        }
        else
        {
            WriteText(field.Name, output);
        }

        output.Write(": "u8);
        if (field.IsRaw)
        {
            WriteUnfolded(field.RawValue, output);
        }
        else
        {
            WriteText(field.Value, output);
        }

        output.Write("\r\n"u8);
    }

    /// <summary>A known header's long name and the colon and space after it.</summary>
    internal static void WriteName(HeaderKind kind, IBufferWriter<byte> output)
    {
        output.Write(NameBytes(kind));
        output.Write(": "u8);
    }

    /// <summary>The long name of <paramref name="kind"/> as UTF-8.</summary>
    internal static ReadOnlySpan<byte> NameBytes(HeaderKind kind) => s_names[(int)kind];

    internal static void WriteContentLength(int length, IBufferWriter<byte> output)
    {
        output.Write("Content-Length: "u8);
        WriteInt(length, output);
        output.Write("\r\n"u8);
    }

    internal static void WriteInt(int value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(11);
        if (!Utf8Formatter.TryFormat(value, span, out var written))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"cannot format {value}"));
        }

        output.Advance(written);
    }

    /// <summary>Long names as bytes, indexed by <see cref="HeaderKind"/>.</summary>
    private static readonly byte[][] s_names = BuildNames();

    private static byte[][] BuildNames()
    {
        var kinds = Enum.GetValues<HeaderKind>();
        var names = new byte[kinds.Length][];
        foreach (var kind in kinds)
        {
            names[(int)kind] = Encoding.ASCII.GetBytes(HeaderDescriptor.Get(kind).Name);
        }

        return names;
    }
}

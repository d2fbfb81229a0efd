using System.Buffers;
using System.Text;
using System.Xml;

namespace PresenceAgent.Documents.Xml;

/// <summary>
/// What every presence document writer shares: a UTF-8 declaration we write ourselves, XmlWriter settings, and a
/// per-thread work buffer. Documents are written for every NOTIFY, so they encode straight into the caller's buffer.
/// </summary>
internal static class XmlDocumentOutput
{
    private const int MaxCachedBufferBytes = 64 * 1024;

    // Written by hand: XmlWriter would declare encoding="utf-8"; "UTF-8" is the spelling every presence example uses,
    // and a declaration we own cannot drift from the bytes (UTF-16 declared on UTF-8 bytes is a known interop
    // failure, SIPE works around it).
    private static ReadOnlySpan<byte> Declaration => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8;

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = false,
        CloseOutput = false,
        NewLineHandling = NewLineHandling.None,
        // XmlSafeText already removed what XML cannot carry; this stays on so a missed case throws here instead of
        // putting an ill-formed document on the wire.
        CheckCharacters = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Writes the declaration to <paramref name="output"/> and returns a writer for the rest (dispose it to flush).</summary>
    public static XmlWriter Start(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Declaration);
        return XmlWriter.Create(new BufferWriterStream(output), Settings);
    }

    /// <summary>The document <paramref name="write"/> produces, as a new array (the work buffer is reused per thread).</summary>
    public static byte[] ToBytes<T>(T value, Action<T, IBufferWriter<byte>> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        write(value, buffer);
        var result = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxCachedBufferBytes)
        {
            t_buffer = null; // a freak huge document should not pin its buffer for the thread's life
        }

        return result;
    }
}

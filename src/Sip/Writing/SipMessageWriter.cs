using System.Buffers;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Writing;

/// <summary>
/// Writes canonical messages: start line, each header once per field with its long name, a Content-Length computed
/// from the body (any Content-Length header in the model is replaced), blank line, body.
/// </summary>
public static class SipMessageWriter
{
    public static void Write(SipMessage message, IBufferWriter<byte> output) => throw new NotImplementedException();

    public static byte[] ToArray(SipMessage message) => throw new NotImplementedException();
}

using System.Text;

namespace PresenceAgent.LoadGen;

/// <summary>A call on a connection of its own: every message read is the call's.</summary>
internal sealed class StreamLink(Stream stream, System.Net.IPEndPoint local) : ICallLink
{
    private readonly MessageReader _reader = new(stream);

    public System.Net.IPEndPoint Local => local;

    public ValueTask<SipText> ReadAsync(CancellationToken cancellationToken) => _reader.ReadAsync(cancellationToken);

    public ValueTask WriteAsync(string text, CancellationToken cancellationToken) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
}

using System.Buffers;
using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A response already written from its request (see <see cref="Writing.ResponseWriter"/>) into a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>, which the server transaction gives back once it is sent (and, over UDP, copied into
/// the completed table), with where it goes over UDP as its top Via said: null there when the Via named another host,
/// which the transport then resolves.
/// </summary>
internal readonly record struct WrittenResponse(int StatusCode, byte[] Buffer, int Length, IPEndPoint? UdpTarget)
{
    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}

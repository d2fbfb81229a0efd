using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// A response already written as bytes from its request (see <see cref="Writing.ResponseWriter"/>), with where it goes
/// over UDP as its top Via said; null there when the Via named another host, which the transport then resolves.
/// </summary>
internal readonly record struct WrittenResponse(int StatusCode, byte[] Bytes, IPEndPoint? UdpTarget);

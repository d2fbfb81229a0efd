using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>A <see cref="StackHarness"/> with a TLS listener, and a client that expects to be refused.</summary>
internal static class TlsStack
{
    /// <summary>The agent's name: in its certificate, its Via and its Contact.</summary>
    public const string AgentName = "pa.test";

    public static Task<StackHarness> StartAsync(SipTlsOptions tls, Func<SipStackOptions, SipStackOptions>? configure = null, params int[] expectedErrors) =>
        StackHarness.StartAsync(
            o =>
            {
                var withTls = o with
                {
                    Listeners = [.. o.Listeners, new SipListenerOptions { Protocol = TransportProtocol.Tls, Address = "127.0.0.1", Port = 0 }],
                    Tls = tls,
                    Host = AgentName,
                };
                return configure?.Invoke(withTls) ?? withTls;
            },
            handler: null,
            expectedErrors: expectedErrors);

    /// <summary>
    /// Connects, offers <paramref name="options"/>, and asserts the stack refused: the handshake failed, or (TLS 1.3,
    /// where a client finishes before the server has checked its certificate) the connection closed instead of
    /// answering a request. Returns the client's address, which the stack's log should name.
    /// </summary>
    public static async Task<IPEndPoint> AssertRefusedAsync(IPEndPoint at, SslClientAuthenticationOptions options)
    {
        using var socket = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        await socket.ConnectAsync(at, cts.Token);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cts.Token);
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(SipRequests.Text("OPTIONS", SipRequests.SentBy(local), "TLS")), cts.Token);
            Assert.Equal(0, await ssl.ReadAsync(new byte[1024], cts.Token));
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // Refused in the handshake, or by the alert that followed it.
        }

        return local;
    }
}

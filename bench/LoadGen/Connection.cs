using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PresenceAgent.LoadGen;

/// <summary>Opens one connection to the agent: TCP, and the TLS handshake when <c>tls</c> is given.</summary>
internal static class Connection
{
    /// <summary>The socket and the stream to use (the socket's, or the SslStream over it); both owned by the caller.</summary>
    public static async Task<(Socket Socket, Stream Stream)> OpenAsync(LoadOptions options, SslClientAuthenticationOptions? tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(options.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (options.Reset)
            {
                // Closing then sends a reset instead of a FIN.
                socket.LingerState = new LingerOption(true, 0);
            }

            try
            {
                await socket.ConnectAsync(options.Target, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new CallFailure("connect", ex.SocketErrorCode.ToString());
            }

            var network = new NetworkStream(socket, ownsSocket: true);
            if (tls is null)
            {
                return (socket, network);
            }

            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(tls, cancellationToken);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                await ssl.DisposeAsync();
                throw new CallFailure("tls", ex.Message);
            }

            return (socket, ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

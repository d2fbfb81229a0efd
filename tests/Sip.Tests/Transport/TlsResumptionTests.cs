using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>
/// Resumption on the Tls listener, TLS 1.2 and 1.3: a client that reconnects with a ticket from its last session skips
/// the certificate (and with TLS 1.2, which Skype for Business Front Ends speak, the key exchange too). It works because every handshake shares one <see cref="SslStreamCertificateContext"/>, which keeps
/// the OpenSSL context (and so the ticket keys) across connections; a server option that stops .NET from caching
/// that context (a CipherSuitesPolicy, for one) would silently bring back a full handshake for every connection.
/// </summary>
public sealed class TlsResumptionTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task A_client_reconnecting_with_its_ticket_is_not_sent_the_certificate_again(SslProtocols protocol)
    {
        var certificate = _pki.Issue(TlsStack.AgentName, [TlsStack.AgentName]);
        var pfx = _pki.WritePfx(certificate, "agent.pfx");
        await using var h = await TlsStack.StartAsync(new SipTlsOptions { CertificatePath = pfx });

        var full = await HandshakeBytesAsync(h, protocol);
        var resumed = await HandshakeBytesAsync(h, protocol);

        Assert.True(full > certificate.RawData.Length, $"a full handshake reads the certificate ({full} bytes)");
        Assert.True(resumed < full - certificate.RawData.Length, $"resumed: {resumed} bytes, full: {full}, certificate: {certificate.RawData.Length}");
    }

    /// <summary>
    /// Bytes the client reads until its handshake is done; then a request and its answer, during which the client
    /// takes the tickets the server sends after the handshake (TLS 1.3; TLS 1.2 sends its ticket within it).
    /// </summary>
    private async Task<long> HandshakeBytesAsync(StackHarness h, SslProtocols protocol)
    {
        using var socket = new Socket(h.Tls.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Timeouts.HangGuard);
        await socket.ConnectAsync(h.Tls, cts.Token);
        var counting = new CountingStream(socket);
        await using var ssl = new SslStream(counting);
        var options = _pki.ClientOptions(TlsStack.AgentName);
        options.EnabledSslProtocols = protocol;
        await ssl.AuthenticateAsClientAsync(options, cts.Token);
        var handshake = counting.BytesRead;
        Assert.Equal(protocol, ssl.SslProtocol);

        var local = (System.Net.IPEndPoint)socket.LocalEndPoint!;
        await ssl.WriteAsync(System.Text.Encoding.UTF8.GetBytes(SipRequests.Text("OPTIONS", SipRequests.SentBy(local), "TLS")), cts.Token);
        Assert.True(await ssl.ReadAsync(new byte[4096], cts.Token) > 0);
        return handshake;
    }

    private sealed class CountingStream(Socket socket) : NetworkStream(socket, ownsSocket: false)
    {
        private long _read;

        public long BytesRead => Interlocked.Read(ref _read);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref _read, n);
            return n;
        }
    }
}

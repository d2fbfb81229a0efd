using System.Net;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>The part of the stack options the transport reads.</summary>
internal sealed record TransportSettings
{
    public required SipLimits Limits { get; init; }

    /// <summary>sent-by host of our Via; null means the listener's address.</summary>
    public string? ViaHost { get; init; }

    /// <summary>Headers for the responses the transport sends itself (to malformed requests).</summary>
    public ResponseStamp ResponseStamp { get; init; } = ResponseStamp.None;

    public bool MessageTrace { get; init; }

    /// <summary>Certificates and peer checks for TLS listeners and TLS targets.</summary>
    public SipTlsOptions Tls { get; init; } = new();

    /// <summary>Host names resolved without DNS (see <see cref="Core.SipStackOptions.Hosts"/>).</summary>
    public IReadOnlyDictionary<string, IPAddress> Hosts { get; init; } = new Dictionary<string, IPAddress>();

    /// <summary>
    /// Addresses in Sip:TrustedPeers networks: configured peers (a Front End pool) that may never send us UDP, so the
    /// anti-amplification budget does not apply to them.
    /// </summary>
    public Func<IPAddress, bool> IsTrustedAddress { get; init; } = static _ => false;

    /// <summary>Where and how DNS is asked for the targets of names that <see cref="Hosts"/> does not map.</summary>
    public SipDnsOptions Dns { get; init; } = new();

    /// <summary>
    /// The longest a TCP connect may take whatever <see cref="SipLimits.ConnectTimeout"/> says: Timer F (64·T1), after
    /// which the transaction has failed anyway. A TLS handshake then has its own timeout.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>
    /// Receive threads per UDP socket. One: on the 2-core reference box a second thread only contended with the first
    /// (bench/RESULTS.md); more may pay off where cores outnumber the load generators.
    /// </summary>
    public int UdpReceiveLoops { get; init; } = 1;

    /// <summary>Where parse failures and TLS handshakes are counted; the stack shares one with its transaction layer.</summary>
    public Telemetry.SipMetrics Metrics { get; init; } = new();
}

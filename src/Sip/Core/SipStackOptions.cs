using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// Configuration of the SIP stack. Property names are the configuration keys: the host binds its <c>Sip</c> section
/// straight onto this type, and <see cref="SipStackOptionsValidator"/> names faults by those keys.
/// </summary>
public sealed record SipStackOptions
{
    /// <summary>The configuration section these options are bound from; the prefix of every key in validation errors.</summary>
    public const string SectionName = "Sip";

    /// <summary>Sockets to listen on; at least one. Port 0 picks a free port.</summary>
    public IReadOnlyList<SipListenerOptions> Listeners { get; init; } = [];

    public SipLimits Limits { get; init; } = new();

    public SipTimerOptions Timers { get; init; } = new();

    /// <summary>How much memory finished transactions may keep for absorbing retransmissions.</summary>
    public SipTransactionOptions Transactions { get; init; } = new();

    /// <summary>Peers whose Contact and route set are followed, and who get <see cref="SipRateLimitOptions.TrustedPerSecond"/>.</summary>
    public SipTrustedPeersOptions TrustedPeers { get; init; } = new();

    /// <summary>New requests per source address before 503 (SUBSCRIBE, PUBLISH) or silence (anything else).</summary>
    public SipRateLimitOptions RateLimits { get; init; } = new();

    /// <summary>
    /// Host names and IP literals the agent answers for. A Request-URI whose host is neither one of these nor a
    /// listener address gets 404: the agent is an endpoint, never a proxy that relays (RFC 3261 §8.2.2.1).
    /// </summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>
    /// The host of our Via sent-by and Contact URI; default the listener address. Required when a listener is a
    /// wildcard address. Lync wants the FQDN of our certificate here: it ignores IP addresses in certificates.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>Server header on every response (RFC 3261 §20.35); null or empty leaves it out.</summary>
    public string? ServerHeader { get; init; } = "PresenceAgent/0.1";

    /// <summary>Our certificate and the checks of peers' certificates, for Tls listeners and TLS targets.</summary>
    public SipTlsOptions Tls { get; init; } = new();

    /// <summary>
    /// Host names resolved to these IP address literals without DNS, like /etc/hosts: for peers whose names are not in
    /// DNS, or test setups. A TLS peer's certificate is still checked against the name.
    /// </summary>
    public IReadOnlyDictionary<string, string> Hosts { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// DNS for the next hop of the requests we send (RFC 3263: NAPTR, SRV, then A/AAAA), for names not in
    /// <see cref="Hosts"/>: the servers to ask and how answers are cached.
    /// </summary>
    public SipDnsOptions Dns { get; init; } = new();

    /// <summary>
    /// Adds <c>ms-diagnostics-public</c> with the reason to every failure response we originate, for Lync and Skype for
    /// Business administrators reading Front End logs; other clients ignore it.
    /// </summary>
    public bool DiagnosticsHeader { get; init; } = true;

    /// <summary>
    /// Logs every message sent and received in full, at Debug under the category <c>PresenceAgent.Sip.Trace</c>.
    /// Off by default: messages carry presence and personal data.
    /// </summary>
    public bool MessageTrace { get; init; }
}

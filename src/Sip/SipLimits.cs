namespace PresenceAgent.Sip;

/// <summary>
/// Wire limits, bound from <c>Sip:Limits</c>. Each default says where it came from; <see cref="Ranges"/> holds the
/// range <see cref="Core.SipStackOptionsValidator"/> enforces, so a bad configuration fails at start with its key.
/// </summary>
public sealed class SipLimits
{
    /// <summary>
    /// Largest UDP datagram read. Default 65,507: the largest IPv4 UDP payload, so no legal datagram is cut;
    /// anything bigger cannot arrive over UDP at all.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 65_507;

    /// <summary>
    /// Start line plus headers. Default 16 KiB: a Lync SUBSCRIBE through two Front Ends is about 2–3 KB; Kestrel
    /// allows 32 KiB for HTTP, whose cookies SIP does not have.
    /// </summary>
    public int MaxHeaderSectionBytes { get; set; } = 16 * 1024;

    /// <summary>Header fields per message. Default 100, Kestrel's MaxRequestHeaderCount.</summary>
    public int MaxHeaderCount { get; set; } = 100;

    /// <summary>
    /// Body bytes. Default 64 KiB: SUBSCRIBE bodies are category lists of a few hundred bytes; the cap only has to
    /// stop a peer from making us buffer megabytes on a stream.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Concurrent TCP/TLS connections from one host: an IPv4 address, or an IPv6 /64 (a host is given a whole /64,
    /// so counting single IPv6 addresses would not limit anyone). Default 64: a Front End pool opens a handful; this
    /// stops one host from exhausting descriptors.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 64;

    /// <summary>
    /// TCP/TLS connections in all, accepted and opened by us; an accept beyond it is closed at once. Default 10,000:
    /// far above a few Front End pools and their direct clients, and well under the usual 65,536 descriptor limit,
    /// which UDP sockets, DNS and files share.
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Connections we open (or are opening) in all; a send that needs one more fails. Default 1,000: we only connect
    /// to next hops of NOTIFYs and responses, and this bounds what SUBSCRIBEs with chosen Contacts can make us open.
    /// </summary>
    public int MaxOutboundConnections { get; set; } = 1_000;

    /// <summary>
    /// Connections we open (or are opening) to one host (IPv4 address or IPv6 /64). Default 16: a server listens on
    /// one or two SIP ports; this stops Contacts naming every port of a victim from making us scan it.
    /// </summary>
    public int MaxOutboundConnectionsPerAddress { get; set; } = 16;

    /// <summary>
    /// How long a TCP connect may take. Default 5 s: a handshake takes milliseconds, and SYN retransmissions at 1 s
    /// and 3 s allow two lost packets; a blackholed target then fails within the transaction rather than at Timer F.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A write to a TCP/TLS connection that makes no progress this long closes it: the peer is not reading. Default
    /// 10 s: a reading peer drains a SIP message in milliseconds, and TCP's own retransmissions give up in minutes.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Bytes waiting to be written to one connection (beyond what the kernel holds); a send past it fails and closes
    /// the connection. Default 1 MiB: hundreds of NOTIFYs behind a slow reader; <see cref="WriteTimeout"/> closes a
    /// connection whose peer stopped reading long before it gets there.
    /// </summary>
    public int MaxQueuedBytesPerConnection { get; set; } = 1024 * 1024;

    /// <summary>
    /// A message begun on a stream must be complete this long after its first byte, or the connection is closed; a
    /// peer trickling bytes (slow loris) would otherwise hold it for ever while each byte resets the idle timeout.
    /// Default 30 s: a largest legal message (80 KiB) arrives in well under a second on any link SIP runs over.
    /// </summary>
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A stream connection with no traffic this long is closed. Default 10 minutes: longer than the 2–5 minute
    /// CRLF keep-alive interval RFC 5626 §4.4.1 suggests, so kept-alive connections stay.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Until an address has answered one of our requests, we send it over UDP at most this many times the bytes we
    /// received from it, responses and retransmissions included, so a request with a forged source cannot turn us
    /// into an amplifier; a request that would pass it tries TCP first. Default 3, as QUIC (RFC 9000 §8.1): a new UDP
    /// subscription whose full NOTIFY would not fit (a full document is about three times its SUBSCRIBE, a list's
    /// about ten) is first sent a NOTIFY without a body, whose answer proves the address before the state follows.
    /// </summary>
    public int AmplificationFactor { get; set; } = 3;

    /// <summary>
    /// Peer addresses whose state we keep (bytes received and sent for <see cref="AmplificationFactor"/>, error
    /// response budgets, log sampling), per table; the least recently seen is forgotten first. Default 65,536: under
    /// 100 bytes each, a few MB a table, and more than the peers a presence agent serves.
    /// </summary>
    public int MaxTrackedAddresses { get; set; } = 65_536;

    /// <summary>
    /// Error responses (400, 513, 505, 416) to malformed requests one host (IPv4 address or IPv6 /64) may get in a
    /// burst; past it, its malformed messages are dropped unanswered. Default 10: a broken client learns from the
    /// first; a flood of garbage must not make us send.
    /// </summary>
    public int MalformedResponseBurst { get; set; } = 10;

    /// <summary>
    /// One more error response to malformed requests is allowed per host this often, up to
    /// <see cref="MalformedResponseBurst"/>. Default 1 s: a UA's retransmissions (T1 = 500 ms, doubling) mostly stay
    /// answered, a flood gets one answer a second.
    /// </summary>
    public TimeSpan MalformedResponseInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Warnings a peer can trigger (a refused TLS certificate, a connection cap) are logged for its first occurrence,
    /// then at most once per this interval per peer with the count of those left out. Default 60 s: an operator still
    /// sees every misbehaving peer within a minute, and a hostile one writes at most a line a minute.
    /// </summary>
    public TimeSpan LogSampleInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When the kernel drops datagrams because a UDP receive queue of ours is full, new SUBSCRIBEs and PUBLISHes are
    /// answered 503 with this Retry-After (whole seconds, rounded up) until the queue is down to a quarter of its room. The
    /// agent then spends itself on the dialogs it has (their NOTIFY answers, refreshes and removals), which the
    /// overflow would otherwise drop with the rest and bring back as retransmissions, and the clients of new ones wait
    /// rather than retransmit into the queue (RFC 3261 §21.5.4). Default 2 s; zero turns it off.
    /// </summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><see cref="OverloadRetryAfter"/> as the Retry-After value; 0 when shedding is off.</summary>
    internal long OverloadRetryAfterSeconds => (long)Math.Ceiling(OverloadRetryAfter.TotalSeconds);

    /// <summary>The allowed range of each integer limit: below the minimum SIP cannot work, above the maximum one peer could exhaust memory.</summary>
    internal static readonly (string Name, Func<SipLimits, int> Value, int Min, int Max)[] Ranges =
    [
        (nameof(MaxDatagramSize), l => l.MaxDatagramSize, 1_300, 65_535),
        (nameof(MaxHeaderSectionBytes), l => l.MaxHeaderSectionBytes, 1_024, 1024 * 1024),
        (nameof(MaxHeaderCount), l => l.MaxHeaderCount, 16, 10_000),
        (nameof(MaxBodyBytes), l => l.MaxBodyBytes, 0, 16 * 1024 * 1024),
        (nameof(MaxConnectionsPerAddress), l => l.MaxConnectionsPerAddress, 1, 100_000),
        (nameof(MaxConnections), l => l.MaxConnections, 1, 1_000_000),
        (nameof(MaxOutboundConnections), l => l.MaxOutboundConnections, 1, 1_000_000),
        (nameof(MaxOutboundConnectionsPerAddress), l => l.MaxOutboundConnectionsPerAddress, 1, 100_000),
        (nameof(MaxQueuedBytesPerConnection), l => l.MaxQueuedBytesPerConnection, 16 * 1024, 256 * 1024 * 1024),
        (nameof(AmplificationFactor), l => l.AmplificationFactor, 1, 100),
        (nameof(MaxTrackedAddresses), l => l.MaxTrackedAddresses, 256, 16 * 1024 * 1024),
        (nameof(MalformedResponseBurst), l => l.MalformedResponseBurst, 1, 10_000),
    ];

    /// <summary>The allowed range of each duration, checked like <see cref="Ranges"/>.</summary>
    internal static readonly (string Name, Func<SipLimits, TimeSpan> Value, TimeSpan Min, TimeSpan Max)[] DurationRanges =
    [
        (nameof(IdleTimeout), l => l.IdleTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        (nameof(ConnectTimeout), l => l.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2)),
        (nameof(WriteTimeout), l => l.WriteTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
        (nameof(MessageTimeout), l => l.MessageTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        (nameof(MalformedResponseInterval), l => l.MalformedResponseInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)),
        (nameof(LogSampleInterval), l => l.LogSampleInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        (nameof(OverloadRetryAfter), l => l.OverloadRetryAfter, TimeSpan.Zero, TimeSpan.FromHours(1)),
    ];
}

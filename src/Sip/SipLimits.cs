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
    /// Concurrent TCP/TLS connections from one remote IP address. Default 64: a Front End pool opens a handful;
    /// this stops one host from exhausting descriptors.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 64;

    /// <summary>
    /// A stream connection with no traffic this long is closed. Default 10 minutes: longer than the 2–5 minute
    /// CRLF keep-alive interval RFC 5626 §4.4.1 suggests, so kept-alive connections stay.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The allowed range of each integer limit: below the minimum SIP cannot work, above the maximum one peer could exhaust memory.</summary>
    internal static readonly (string Name, Func<SipLimits, int> Value, int Min, int Max)[] Ranges =
    [
        (nameof(MaxDatagramSize), l => l.MaxDatagramSize, 1_300, 65_535),
        (nameof(MaxHeaderSectionBytes), l => l.MaxHeaderSectionBytes, 1_024, 1024 * 1024),
        (nameof(MaxHeaderCount), l => l.MaxHeaderCount, 16, 10_000),
        (nameof(MaxBodyBytes), l => l.MaxBodyBytes, 0, 16 * 1024 * 1024),
        (nameof(MaxConnectionsPerAddress), l => l.MaxConnectionsPerAddress, 1, 100_000),
    ];
}

namespace PresenceAgent.Sip;

/// <summary>
/// Wire limits. Each default says where it came from; each setter checks its range so a bad configuration fails at start.
/// </summary>
public sealed class SipLimits
{
    private int _maxDatagramSize = 65_507;
    private int _maxHeaderSectionBytes = 16 * 1024;
    private int _maxHeaderCount = 100;
    private int _maxBodyBytes = 64 * 1024;
    private int _maxConnectionsPerAddress = 64;
    private TimeSpan _idleTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Largest UDP datagram read. Default 65,507: the largest IPv4 UDP payload, so no legal datagram is cut;
    /// anything bigger cannot arrive over UDP at all.
    /// </summary>
    public int MaxDatagramSize
    {
        get => _maxDatagramSize;
        set => _maxDatagramSize = InRange(value, 1_300, 65_535);
    }

    /// <summary>
    /// Start line plus headers. Default 16 KiB: a Lync SUBSCRIBE through two Front Ends is about 2–3 KB; Kestrel
    /// allows 32 KiB for HTTP, whose cookies SIP does not have.
    /// </summary>
    public int MaxHeaderSectionBytes
    {
        get => _maxHeaderSectionBytes;
        set => _maxHeaderSectionBytes = InRange(value, 1_024, 1024 * 1024);
    }

    /// <summary>Header fields per message. Default 100, Kestrel's MaxRequestHeaderCount.</summary>
    public int MaxHeaderCount
    {
        get => _maxHeaderCount;
        set => _maxHeaderCount = InRange(value, 16, 10_000);
    }

    /// <summary>
    /// Body bytes. Default 64 KiB: SUBSCRIBE bodies are category lists of a few hundred bytes; the cap only has to
    /// stop a peer from making us buffer megabytes on a stream.
    /// </summary>
    public int MaxBodyBytes
    {
        get => _maxBodyBytes;
        set => _maxBodyBytes = InRange(value, 0, 16 * 1024 * 1024);
    }

    /// <summary>
    /// Concurrent TCP/TLS connections from one remote IP address. Default 64: a Front End pool opens a handful;
    /// this stops one host from exhausting descriptors.
    /// </summary>
    public int MaxConnectionsPerAddress
    {
        get => _maxConnectionsPerAddress;
        set => _maxConnectionsPerAddress = InRange(value, 1, 100_000);
    }

    /// <summary>
    /// A stream connection with no traffic this long is closed. Default 10 minutes: longer than the 2–5 minute
    /// CRLF keep-alive interval RFC 5626 §4.4.1 suggests, so kept-alive connections stay.
    /// </summary>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set => _idleTimeout = value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromDays(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "IdleTimeout must be between 1 second and 1 day.");
    }

    private static int InRange(int value, int min, int max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
}

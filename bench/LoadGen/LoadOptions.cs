using System.Globalization;
using System.Net;

namespace PresenceAgent.LoadGen;

/// <summary>What one run does; every run is bounded by <see cref="Calls"/> and by <see cref="Deadline"/>.</summary>
internal sealed record LoadOptions
{
    // Bounds on what a command line may ask for: the generator is for short runs on a shared machine.
    private const int MaxDurationSeconds = 300;
    private const long MaxCalls = 2_000_000;
    private const int MaxConnections = 10_000;

    public required IPEndPoint Target { get; init; }

    public bool Tls { get; init; }

    /// <summary>Calls started per second.</summary>
    public int Rate { get; init; } = 1000;

    public int DurationSeconds { get; init; } = 10;

    /// <summary>Calls to start: Rate x Duration unless set lower.</summary>
    public long Calls { get; init; }

    /// <summary>Calls in flight at most (SIPp's -l); a call due while at the cap is not started and counts as failed.</summary>
    public int Limit { get; init; } = 10_000;

    /// <summary>A call not finished within this (connect and handshake included) fails.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>SNI and the name the agent's certificate must carry when <see cref="CaPath"/> is given.</summary>
    public string TlsName { get; init; } = "pa.bench";

    /// <summary>PEM root the agent's certificate must chain to; null accepts any certificate.</summary>
    public string? CaPath { get; init; }

    /// <summary>Offer the sessions of earlier handshakes (resumption); off measures full handshakes.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// TLS 1.2 only: its resumption is abbreviated (no key exchange at all), where TLS 1.3's still does an ECDHE.
    /// </summary>
    public bool Tls12 { get; init; }

    /// <summary>
    /// 0: a new connection per call. Otherwise the calls share this many long-lived connections, opened (and
    /// handshaken) before the first call and taken in turn, as a Front End pool's are.
    /// </summary>
    public int Connections { get; init; }

    /// <summary>Connect (and handshake), then close without a call: what a connection alone costs the agent.</summary>
    public bool ConnectOnly { get; init; }

    /// <summary>End each connection with a reset (SO_LINGER 0) rather than a FIN, as a crashed or hostile client does.</summary>
    public bool Reset { get; init; }

    /// <summary>Presentity user and domain, watcher domain (the fields of sipp/one_room.csv).</summary>
    public string User { get; init; } = "room1";

    public string Domain { get; init; } = "conf.bench.local";

    public string WatcherDomain { get; init; } = "bench.local";

    /// <summary>When everything stops, finished or not: the last call's start plus its timeout, plus a margin.</summary>
    public TimeSpan Deadline => TimeSpan.FromSeconds(DurationSeconds) + CallTimeout + TimeSpan.FromSeconds(5);

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument {a}");
            }

            if (a is "--tls" or "--resume" or "--tls12" or "--connect-only" or "--reset")
            {
                flags.Add(a);
            }
            else if (i + 1 < args.Length)
            {
                values[a] = args[++i];
            }
            else
            {
                throw new ArgumentException($"{a} needs a value");
            }
        }

        var target = values.GetValueOrDefault("--target") ?? throw new ArgumentException("--target HOST:PORT is required");
        var rate = Int(values, "--rate", 1000);
        var duration = Int(values, "--duration", 10);
        if (rate < 1 || duration < 1 || duration > MaxDurationSeconds)
        {
            throw new ArgumentException($"--rate must be positive and --duration 1..{MaxDurationSeconds}");
        }

        var calls = Math.Min((long)rate * duration, values.TryGetValue("--calls", out var c) ? long.Parse(c, CultureInfo.InvariantCulture) : long.MaxValue);
        if (calls > MaxCalls)
        {
            throw new ArgumentException($"at most {MaxCalls} calls a run");
        }

        var connections = Int(values, "--connections", 0);
        if (connections is < 0 or > MaxConnections || (connections > 0 && flags.Contains("--connect-only")))
        {
            throw new ArgumentException($"--connections must be 0..{MaxConnections}, and not with --connect-only");
        }

        return new LoadOptions
        {
            Connections = connections,
            Target = IPEndPoint.Parse(target),
            Tls = flags.Contains("--tls"),
            Resume = flags.Contains("--resume"),
            Tls12 = flags.Contains("--tls12"),
            ConnectOnly = flags.Contains("--connect-only"),
            Reset = flags.Contains("--reset"),
            Rate = rate,
            DurationSeconds = duration,
            Calls = calls,
            Limit = Int(values, "--limit", 10_000),
            CallTimeout = TimeSpan.FromSeconds(Int(values, "--call-timeout", 10)),
            TlsName = values.GetValueOrDefault("--tls-name") ?? "pa.bench",
            CaPath = values.GetValueOrDefault("--ca"),
            User = values.GetValueOrDefault("--user") ?? "room1",
            Domain = values.GetValueOrDefault("--domain") ?? "conf.bench.local",
        };
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PresenceAgent.LoadGen;

// dotnet bench/LoadGen/bin/Release/net10.0/PresenceAgent.LoadGen.dll --target 127.0.0.1:5071 --tls --rate 3500 --duration 30
// Prints one JSON object (the report) on stdout and one summary line on stderr.

// As the agent does: socket completions continue on the runtime's socket threads, not after a hop to the pool
// (read once, before the first socket; the generator's continuations never block).
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"""
        {ex.Message}
        usage: --target HOST:PORT [--tls [--tls-name pa.bench] [--ca ca.pem] [--resume] [--tls12]] [--connect-only | --connections N] [--reset] [--rate 1000] [--duration 10]
               [--calls N] [--limit 10000] [--call-timeout 10] [--user room1] [--domain conf.bench.local]
        """);
    return 2;
}

SslClientAuthenticationOptions? tls = null;
if (options.Tls)
{
    X509Certificate2Collection? roots = null;
    if (options.CaPath is { } ca)
    {
        roots = [];
        roots.ImportFromPemFile(ca);
    }

    tls = new SslClientAuthenticationOptions
    {
        TargetHost = options.TlsName,
        EnabledSslProtocols = options.Tls12 ? SslProtocols.Tls12 : SslProtocols.Tls12 | SslProtocols.Tls13,

        // Off by default: every call then pays a full handshake, the agent's worst case.
        AllowTlsResume = options.Resume,
        CertificateChainPolicy = roots is null ? null : Trusting(roots),

        // Without a CA the agent's certificate is taken as it is: on loopback it is not what the run measures.
        RemoteCertificateValidationCallback = roots is null ? static (_, _, _, _) => true : null,
    };
}

// A pool is opened before the clock starts: its handshakes are not the calls' (and its CPU not in client_cpu_s).
ConnectionPool? pool = null;
try
{
    pool = options.Connections > 0 ? await ConnectionPool.OpenAsync(options, tls) : null;
}
catch (Exception ex) when (ex is CallFailure or OperationCanceledException)
{
    Console.Error.WriteLine($"could not open the {options.Connections} connections: {ex.Message}");
    return 1;
}

await using var openPool = pool;
var report = await new LoadRun(options, tls, pool).RunAsync();
Console.WriteLine(JsonSerializer.Serialize(report));
var rtd = (Dictionary<string, object>)report["rtd_ms"];
string P(string key) => ((Dictionary<string, double>)rtd[key]) is var d && d.TryGetValue("p50", out var p50)
    ? $"{key} p50/p90/p99 {p50}/{d["p90"]}/{d["p99"]} ms"
    : $"{key} -";
Console.Error.WriteLine(
    $"{report["transport"]}{(options.Resume ? "+resume" : "")}{(options.Connections > 0 ? $" over {options.Connections} connections" : "")} rate={options.Rate} clean={report["clean"]} ok={report["successful"]}/{options.Calls} " +
    $"failed={report["failed"]} {JsonSerializer.Serialize(report["failures"])} launch={report["launch_s"]}s elapsed={report["elapsed_s"]}s " +
    $"{P("setup")}, {P("sub")}, {P("unsub")} client_cpu={report["client_cpu_avg_pct"]}% ({report["client_cpu_us_per_call"]} us/call)");
return (bool)report["clean"] ? 0 : 1;

static X509ChainPolicy Trusting(X509Certificate2Collection roots)
{
    var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
    policy.CustomTrustStore.AddRange(roots);
    return policy;
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using PresenceAgent.Sip.Locating;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// A real DNS server for a test: dnsmasq on 127.0.0.1 at a free port, answering only for the names it is given (every
/// other name under .test is NXDOMAIN), never forwarding. Records come as dnsmasq options (<c>--srv-host=…</c>,
/// <c>--naptr-record=…</c>, <c>--host-record=…</c>); the names in its hosts file can be changed while it runs.
/// Disposing stops it.
/// </summary>
internal sealed class Dnsmasq : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly StringBuilder _errors;

    private Dnsmasq(Process process, DirectoryInfo dir, StringBuilder errors, int port)
    {
        _process = process;
        _dir = dir;
        _errors = errors;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public static string? Path { get; } = Find();

    public static bool RequiredByCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public IPEndPoint EndPoint { get; }

    /// <summary>This server, the only one, for <see cref="SipDnsOptions.Servers"/>.</summary>
    public SipDnsOptions Options => new() { Servers = [SipRequests.SentBy(EndPoint)] };

    private string HostsFile => System.IO.Path.Combine(_dir.FullName, "hosts");

    /// <summary>
    /// Starts dnsmasq with <paramref name="hosts"/> as its hosts file (lines of "address name", answered with TTL
    /// <paramref name="ttl"/> seconds) and <paramref name="records"/> as further options, and waits until it answers.
    /// </summary>
    public static async Task<Dnsmasq> StartAsync(string hosts = "", int ttl = 60, params string[] records)
    {
        var path = Path ?? throw new InvalidOperationException("dnsmasq is required here (CI=true) but is not installed: apt-get install dnsmasq-base");
        for (var attempt = 0; ; attempt++)
        {
            var dir = Directory.CreateTempSubdirectory("dnsmasq-");
            await File.WriteAllTextAsync(System.IO.Path.Combine(dir.FullName, "hosts"), hosts);
            var port = FreePort();
            var psi = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in BaseArguments(port, dir, ttl).Concat(records))
            {
                psi.ArgumentList.Add(arg);
            }

            var process = Process.Start(psi)!;
            var errors = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var server = new Dnsmasq(process, dir, errors, port);
            if (await server.WaitUntilAnsweringAsync())
            {
                return server;
            }

            var why = server.Errors;
            server.Dispose();

            // The free port may have been taken between our probe and dnsmasq's bind: try another.
            if (attempt == 2)
            {
                throw new InvalidOperationException($"dnsmasq did not start: {why}");
            }
        }
    }

    /// <summary>
    /// Replaces the hosts file and makes dnsmasq read it again (SIGHUP), then waits until <paramref name="name"/>
    /// resolves to <paramref name="expected"/>.
    /// </summary>
    public async Task ReplaceHostsAsync(string hosts, string name, IPAddress expected)
    {
        await File.WriteAllTextAsync(HostsFile, hosts);
        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        var deadline = DateTime.UtcNow + Timeouts.HangGuard;
        while (!expected.Equals(await AddressOf(name)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"dnsmasq does not serve {name} as {expected}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started or is already gone.
        }

        _process.Dispose();
        _dir.Delete(recursive: true);
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    private static IEnumerable<string> BaseArguments(int port, DirectoryInfo dir, int ttl)
    {
        yield return $"--port={port.ToString(CultureInfo.InvariantCulture)}";
        yield return "--listen-address=127.0.0.1";
        yield return "--bind-interfaces";
        yield return "--no-resolv";
        yield return "--no-hosts";
        yield return "--conf-file=/dev/null";
        yield return "--keep-in-foreground";
        yield return "--pid-file=";
        yield return $"--addn-hosts={System.IO.Path.Combine(dir.FullName, "hosts")}";
        yield return $"--local-ttl={ttl.ToString(CultureInfo.InvariantCulture)}";

        // Names under .test that it has no record for are NXDOMAIN, answered here rather than forwarded.
        yield return "--local=/test/";
        yield return "--host-record=ready.test,127.0.0.1";
        if (Environment.UserName == "root")
        {
            // As root it would switch to the user nobody, who may not read the hosts file in our temporary folder.
            yield return "--user=root";
        }
    }

    private async Task<bool> WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + Timeouts.HangGuard;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (await AddressOf("ready.test") is not null)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>The first A record of <paramref name="name"/> as this server answers now, asked without any cache.</summary>
    private async Task<IPAddress?> AddressOf(string name)
    {
        var client = new LookupClient(new LookupClientOptions(EndPoint) { UseCache = false, Timeout = TimeSpan.FromMilliseconds(500), Retries = 0 });
        try
        {
            var response = await client.QueryAsync(name, QueryType.A);
            return response.Answers.ARecords().FirstOrDefault()?.Address;
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin"))
        {
            var candidate = System.IO.Path.Combine(dir, "dnsmasq");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// socat listening on a loopback TCP port and holding one TLS connection to the agent for it, verifying the agent's
/// certificate against the test CA: Debian's SIPp has no TLS, so it reaches our TLS listener through this relay.
/// </summary>
internal sealed class TlsRelay : IDisposable
{
    private readonly Process _process;

    private TlsRelay(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public static string? Path { get; } = Find("socat");

    /// <summary>Where SIPp connects (TCP).</summary>
    public IPEndPoint EndPoint { get; }

    public static async Task<TlsRelay> StartAsync(IPEndPoint agentTls, string caFile, string agentName)
    {
        var socat = Path ?? throw new InvalidOperationException("socat is required here (CI=true) but is not installed: apt-get install socat");
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var psi = new ProcessStartInfo(socat) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add($"TCP-LISTEN:{port.ToString(CultureInfo.InvariantCulture)},bind=127.0.0.1,reuseaddr");
        psi.ArgumentList.Add($"OPENSSL:{agentTls.Address}:{agentTls.Port.ToString(CultureInfo.InvariantCulture)},cafile={caFile},commonname={agentName},verify=1");
        var process = Process.Start(psi)!;
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);

        // Ready once it listens.
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"socat exited ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");
            }

            if (IPGlobalPropertiesListening(port))
            {
                return new TlsRelay(process, endPoint);
            }

            await Task.Delay(50);
        }

        process.Kill();
        throw new TimeoutException("socat did not start listening within 5 s");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static bool IPGlobalPropertiesListening(int port) =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port == port);

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

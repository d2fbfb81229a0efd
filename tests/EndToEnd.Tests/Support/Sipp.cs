using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>Runs SIPp (an independent SIP implementation) against the agent, one bounded run at a time.</summary>
internal static class Sipp
{
    public static string? Path { get; } = Find();

    public static bool RequiredByCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public sealed record Result(int ExitCode, string Output, string Errors);

    /// <summary>Calls at a rate from another loopback address: a flood, bounded in count.</summary>
    public sealed record Load(IPAddress From, int CallsPerSecond, int Calls);

    /// <summary>
    /// Runs <paramref name="scenario"/> (a file under tests/EndToEnd.Tests/Sipp) for one call, or as <paramref name="load"/> says;
    /// <paramref name="options"/> go on SIPp's command line as they are.
    /// </summary>
    public static async Task<Result> RunAsync(string scenario, IPEndPoint agent, bool tcp, IReadOnlyDictionary<string, string> keys,
        IReadOnlyDictionary<string, string>? textReplacements = null, Load? load = null, IReadOnlyList<string>? options = null)
    {
        var sipp = Path ?? throw new InvalidOperationException("SIPp is required here (CI=true) but is not installed: apt-get install sip-tester");
        var dir = System.IO.Directory.CreateTempSubdirectory("sipp-");
        try
        {
            var text = await File.ReadAllTextAsync(System.IO.Path.Combine(RepoPaths.Sipp, scenario));
            foreach (var (from, to) in textReplacements ?? new Dictionary<string, string>())
            {
                text = text.Replace(from, to, StringComparison.Ordinal);
            }

            var file = System.IO.Path.Combine(dir.FullName, scenario);
            await File.WriteAllTextAsync(file, text, Encoding.Latin1);

            var args = new List<string>
            {
                $"{agent.Address}:{agent.Port}", "-sf", file, "-m", (load?.Calls ?? 1).ToString(CultureInfo.InvariantCulture), "-t", tcp ? "t1" : "u1",
                "-i", (load?.From ?? agent.Address).ToString(), "-p", FreePort(load?.From ?? agent.Address, tcp).ToString(CultureInfo.InvariantCulture),
                "-nostdin", "-timeout", "20s", "-timeout_error", "-trace_err",
            };
            if (load is not null)
            {
                args.AddRange(["-r", load.CallsPerSecond.ToString(CultureInfo.InvariantCulture), "-l", "2000"]);
            }

            foreach (var (k, v) in keys)
            {
                args.AddRange(["-key", k, v]);
            }

            args.AddRange(options ?? []);

            var psi = new ProcessStartInfo(sipp) { WorkingDirectory = dir.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
            args.ForEach(psi.ArgumentList.Add);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(hang.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("SIPp did not finish within 60 s");
            }

            var errors = string.Join("\n", dir.GetFiles("*errors.log").Select(f => File.ReadAllText(f.FullName)));
            return new Result(process.ExitCode, await stdout + await stderr, errors);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static int FreePort(IPAddress address, bool tcp)
    {
        using var s = new Socket(address.AddressFamily, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
        s.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "sipp");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

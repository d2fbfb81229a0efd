using System.Diagnostics;
using System.Text;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// The built agent serving as its own process in a working folder, as an operator runs it, with what it writes kept;
/// signals reach it alone, not the test host. Disposing stops it with SIGTERM (killed if it does not exit).
/// </summary>
internal sealed class ServingAgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServingAgentProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Runs <c>dotnet PresenceAgent.dll ARGS</c> in <paramref name="folder"/>, with SIGHUP's default disposition as a
    /// service manager starts it: a test runner started under nohup passes SIGHUP on ignored, and the runtime then
    /// leaves an ignored signal ignored. <c>env</c> execs dotnet, so the process is still the agent's.
    /// </summary>
    public static ServingAgentProcess Start(string folder, params string[] args) => Start(folder, "--default-signal=HUP", args);

    /// <summary><see cref="Start(string, string[])"/> with SIGHUP ignored, as <c>nohup</c> starts a process.</summary>
    public static ServingAgentProcess StartIgnoringSighup(string folder) => Start(folder, "--ignore-signal=HUP", []);

    private static ServingAgentProcess Start(string folder, string hangup, string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(hangup);
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PresenceAgent.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ServingAgentProcess(Process.Start(start) ?? throw new InvalidOperationException("env did not start the agent"));
    }

    /// <summary>The first line that contains <paramref name="text"/>, once written; fails with the output so far otherwise.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line.TrimEnd('\r');
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                Assert.Fail($"'{text}' not written within {within} (exited: {_process.HasExited}):{Environment.NewLine}{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends the process <paramref name="signal"/> (HUP, TERM…) with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

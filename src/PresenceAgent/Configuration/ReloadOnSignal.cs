using System.Globalization;
using System.Runtime.InteropServices;
using PresenceAgent.Reload;

namespace PresenceAgent.Configuration;

/// <summary>
/// SIGHUP reloads the configuration, as daemons have done since syslogd (<c>systemctl reload</c> sends it with
/// <c>ExecReload=/bin/kill -HUP $MAINPID</c>). Its default, ending the process, is cancelled while the agent runs.
/// A SIGHUP ignored when the agent started (nohup does that) stays ignored, as the runtime leaves an inherited ignored
/// signal alone: that is logged at start, so a <c>kill -HUP</c> that does nothing is not a mystery.
/// </summary>
internal sealed class ReloadOnSignal(IConfigurationReloader reloader, ILogger<ReloadOnSignal> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
        {
            logger.SignalUnavailable(ex.Message);
            return Task.CompletedTask;
        }

        if (HangupIgnored())
        {
            logger.SignalUnavailable("it was ignored when the agent started, as nohup starts a process, and stays ignored");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }

    /// <summary>Linux's SigIgn mask of this process (proc(5)): a hex bit set per ignored signal, SIGHUP (1) the lowest.</summary>
    private static bool HangupIgnored()
    {
        const string prefix = "SigIgn:";
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            var mask = line is null ? default : line.AsSpan(prefix.Length).Trim();
            return !mask.IsEmpty && int.TryParse(mask[^1..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var last) && (last & 1) == 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without /proc the agent cannot tell; SIGHUP then either works or is the admin's to find out.
            return false;
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        try
        {
            await reloader.ReloadAsync(ReloadTrigger.Signal).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The reloader logged its fault (ConfigurationReloadFaulted); nobody awaits a signal's reload.
        }
    }
}

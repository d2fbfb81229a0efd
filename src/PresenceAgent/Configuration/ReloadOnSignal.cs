using System.Runtime.InteropServices;
using PresenceAgent.Reload;

namespace PresenceAgent.Configuration;

/// <summary>
/// SIGHUP reloads the configuration, as daemons have done since syslogd (<c>systemctl reload</c> sends it with
/// <c>ExecReload=/bin/kill -HUP $MAINPID</c>). Its default, ending the process, is cancelled while the agent runs.
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

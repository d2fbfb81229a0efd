namespace PresenceAgent.Themes;

/// <summary>
/// Makes the host build the <see cref="ThemeStore"/> while starting, so a missing or bad default
/// avatar stops start-up with <see cref="ThemeStoreException"/> rather than failing the first request.
/// </summary>
internal sealed class ThemeStoreStartupCheck(ThemeStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Constructing the store (by injecting it) did the work; nothing else to do.
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Themes;

/// <summary>
/// When avatars change, NOTIFYs the watchers of exactly the contacts that now show another picture, so Lync sees the
/// new photo hash and fetches the photo: the services whose theme (or, for a theme without a usable avatar of its own,
/// the default) changed, and, when the default changed, every watched gateway contact (gateway contacts have no theme).
/// </summary>
internal sealed class ThemeRefresh(ThemeStore themes, RunningConfiguration running, SubscriptionTable subscriptions, PresenceFanOut fanOut,
    ILogger<ThemeRefresh> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        themes.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        themes.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    /// <summary>The keys of the contacts <paramref name="change"/> shows another picture to.</summary>
    internal IReadOnlyCollection<string> Affected(ThemeChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var services = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in running.Current.Contacts.Services)
        {
            services.Add(service.Key);
            if (change.Affects(service.Theme))
            {
                keys.Add(service.Key);
            }
        }

        if (change.DefaultChanged)
        {
            // Only watched ones: a gateway contact exists only while someone subscribes to it.
            keys.UnionWith(subscriptions.WatchedContactKeys().Where(k => !services.Contains(k)));
        }

        return keys;
    }

    private void OnChanged(ThemeChange change)
    {
        var keys = Affected(change);
        fanOut.Refresh(keys);
        logger.AvatarWatchersNotified(string.Join(", ", change.Themes), keys.Count);
    }
}

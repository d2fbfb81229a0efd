using PresenceAgent.Directory;
using PresenceAgent.Presence.Live;

namespace PresenceAgent.Hosting;

/// <summary>
/// Moves a room's presence version when its out-of-office note's start or end passes, so its documents are built again
/// and its watchers notified: documents leave a note out while it is outside its dates, and nothing else changes them
/// then. It looks once a minute (a note shows at most that late) at the services in force, so a reload needs nothing of
/// it; a service is compared with what it showed at the last look, and one seen for the first time is only remembered,
/// since its documents were built with the note as it shows now.
/// </summary>
internal sealed class OutOfOfficeRefresh(RunningConfiguration running, LivePresence live, TimeProvider time, ILogger<OutOfOfficeRefresh> logger)
    : IHostedService, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _showing = new(StringComparer.OrdinalIgnoreCase);
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check();
        _timer = time.CreateTimer(static state => ((OutOfOfficeRefresh)state!).Check(), this, Period, Period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Announces the services whose dated note started or ended since the last look; returns their keys.</summary>
    internal IReadOnlyCollection<string> Check()
    {
        var now = time.GetUtcNow();
        var changed = new List<Contact>();
        lock (_lock)
        {
            var dated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var service in running.Current.Contacts.Services)
            {
                var card = service.Card;
                if (card.OutOfOfficeNote is null || (card.OutOfOfficeStart is null && card.OutOfOfficeEnd is null))
                {
                    continue;
                }

                var showing = card.ShowsOutOfOfficeAt(now);
                dated.Add(service.Key);
                if (_showing.TryGetValue(service.Key, out var was) && was != showing)
                {
                    changed.Add(service);
                }

                _showing[service.Key] = showing;
            }

            foreach (var gone in _showing.Keys.Where(k => !dated.Contains(k)).ToList())
            {
                _showing.Remove(gone);
            }
        }

        foreach (var service in changed)
        {
            live.CardChanged(service);
        }

        if (changed.Count > 0)
        {
            HostingLog.OutOfOfficeChanged(logger, Sip.Messages.SipFailure.Sanitize(string.Join(", ", changed.Select(c => c.Key))));
        }

        return [.. changed.Select(c => c.Key)];
    }
}

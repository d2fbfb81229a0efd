using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Presence.Occupancy;

/// <summary>
/// Occupancy as the agent runs it, in virtual time: live presence with a 150 s grace, the tracker, and the event sink's
/// nodes over two services: Room 1 (a VMR holding 3) and Town Hall (an auditorium the platform calls "All Hands").
/// </summary>
internal sealed class OccupancyHarness : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(150);

    public OccupancyHarness(EventSinkOptions? options = null, OccupancyOptions? occupancy = null)
    {
        var directory = new ContactDirectory(
            [
                new ServiceOptions { Name = "Room 1", Aliases = ["room1"], Capacity = 3 },
                new ServiceOptions { Name = "Town Hall", Kind = ServiceKind.Auditorium, Aliases = ["townhall@vc.example.com"], ConferenceName = "All Hands" },
            ],
            RoutingRuleSet.CreateOrThrow([new RoutingRule { Name = "pstn", Match = @"\+?([0-9]{6,15})@vc\.example\.com", Replace = @"\1@pstn.example.com" }]),
            ManualTimeProvider.Start);
        Room = directory.Resolve(SipUri.Parse("sip:room1@vc.example.com"))!;
        TownHall = directory.Resolve(SipUri.Parse("sip:townhall@vc.example.com"))!;
        Live = new LivePresence(States, Grace, Time, Logs.CreateLogger<LivePresence>());
        var errors = new List<string>();
        Tracker = new OccupancyTracker(Live, OccupancyRule.Create(occupancy ?? new OccupancyOptions(), States, errors)
            ?? throw new ArgumentException(string.Join("; ", errors), nameof(occupancy)));
        Nodes = new EventSinkNodes(Tracker, new ConferenceServices(TestConfigurations.Running(directory, ["vc.example.com"], states: States), ["vc.example.com"], null), options ?? new EventSinkOptions(), Counters, new PeerLogSampler(Time),
            Logs.CreateLogger<EventSinkNodes>());
    }

    /// <summary>The built-in states and one custom status an auditorium can be mapped to.</summary>
    public static StateCatalogue States { get; } = new(PresenceLanguages.Default,
        [.. BuiltInStates.All, TestStates.WithText(BaseStatus.Busy, "Town hall live") with { Id = "town-hall-live" }]);

    public ManualTimeProvider Time { get; } = new();

    public CollectingLoggerProvider Logs { get; } = new();

    public EventSinkCounters Counters { get; } = new();

    public LivePresence Live { get; }

    public OccupancyTracker Tracker { get; }

    public EventSinkNodes Nodes { get; }

    public Contact Room { get; }

    public Contact TownHall { get; }

    /// <summary>The id of the state <paramref name="contact"/> shows.</summary>
    public string Shown(Contact contact) => Live.Current(contact).State.Id;

    public PresenceSource DecidedBy(Contact contact) => Live.Current(contact).Source;

    /// <summary>A conferencing node that numbers its events as a real one does.</summary>
    public SinkNode Node(string address) => new(this, address);

    public int Logged(string eventName) => Logs.Entries.Count(e => e.EventId.Name == eventName);

    public void Dispose() => Live.Dispose();
}

using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Access;
using PresenceAgent.Configuration;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Publications;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Configuration;

/// <summary>
/// A valid configuration applied to a running agent: exactly the watchers whose document changed get one NOTIFY with
/// the new document, those of what is gone get noresource, and live presence, occupancy and publications carry over.
/// </summary>
public sealed class DialPlanSwitchTests : IAsyncLifetime
{
    private const string Pstn = "sip:+4420712345678@vc.example.com";
    private const string Person = "sip:jane.doe@people.example.com";
    private static readonly string[] s_domains = ["vc.example.com"];

    private static readonly string[] s_plan =
    [
        "Services:2:Name=Board Room", "Services:2:Aliases:0=board", "Services:2:Email=board@example.com", "Services:2:Phones:0:Number=+4930901820",
        "Lists:0:Name=Rooms", "Lists:0:Aliases:0=rooms", "Lists:0:Members:0=meet.alice", "Lists:0:Members:1=+4420712345678@vc.example.com",
        "RoutingRules:Rules:1:Name=people", @"RoutingRules:Rules:1:Match=[a-z]+\.[a-z]+@people\.example\.com",
        "Presence:CustomStatuses:0:Id=maintenance", "Presence:CustomStatuses:0:Base=Away", "Presence:CustomStatuses:0:Texts:en-US=Closed for maintenance",
    ];

    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FakeRequestSender _sender = new();
    private readonly SubscriptionTable _table;
    private readonly RunningConfiguration _running;
    private readonly LivePresence _live;
    private readonly PresenceFanOut _fanOut;
    private readonly OccupancyTracker _occupancy;
    private readonly PublicationStore _publications;
    private readonly DialPlanSwitch _switch;
    private int _settled;

    public DialPlanSwitchTests()
    {
        var start = TestConfiguration.Load(TestConfiguration.Build(s_plan)).Snapshot(s_domains, _time.GetUtcNow());
        _running = new RunningConfiguration(start);
        _table = new SubscriptionTable(_time);
        _live = new LivePresence(start.States, start.Grace, _time, NullLogger<LivePresence>.Instance);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"),
            () => _running.Current, _live);
        var notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
        _fanOut = new PresenceFanOut(_live, _table, notifier, _logs.CreateLogger<PresenceFanOut>());
        _occupancy = new OccupancyTracker(_live, start.Occupancy);
        _publications = new PublicationStore(_live, new PublicationOptions(), _time, NullLogger<PublicationStore>.Instance);
        _switch = new DialPlanSwitch(_running, _table, notifier, _fanOut, _live, _occupancy, _publications, bodies,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DialPlanSwitch>.Instance);
    }

    public Task InitializeAsync() => _fanOut.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _fanOut.StopAsync(CancellationToken.None);
        _fanOut.Dispose();
        _publications.Dispose();
        _live.Dispose();
        _table.Dispose();
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_renamed_service_notifies_its_watchers_and_the_lists_holding_it_and_no_one_else()
    {
        var alice = Watch("sip:meet.alice@vc.example.com");
        var aliceAgain = Watch("sip:meet.alice@vc.example.com");
        var list = Watch("sip:rooms@vc.example.com");
        Watch("sip:townhall@vc.example.com");
        Watch(Pstn);

        var (_, notified, terminated) = Apply("Services:0:Name=Alice's New Room");

        var sent = await SentAsync(3);
        Assert.Equal((3, 0), (notified, terminated));
        Assert.Equal(new[] { alice, aliceAgain, list }.Select(s => s.Dialog.CallId).Order(StringComparer.Ordinal),
            sent.Select(s => s.Request.CallId).Order(StringComparer.Ordinal));
        Assert.All(sent, s => Assert.Contains("Alice's New Room", Text(s), StringComparison.Ordinal));
        Assert.All(sent, s => Assert.StartsWith("active", s.Header(HeaderKind.SubscriptionState), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_level_change_notifies_only_the_watchers_whose_document_changed()
    {
        var ann = Watch("sip:board@vc.example.com", "ann@example.org");
        var bob = Watch("sip:board@vc.example.com", "bob@example.org");
        var colleague = Watch("sip:board@vc.example.com", "cy@vc.example.com");
        var bareRoom = Watch("sip:townhall@vc.example.com", "bob@example.org");

        var (_, notified, _) = Apply("AccessLevels:Blocked:0=bob@example.org", "AccessLevels:Company:0=cy@vc.example.com");

        // Bob is blocked in both rooms: each shows him Offline now. Ann's and Cy's levels did not change.
        var blocked = await SentAsync(2);
        Assert.Equal(2, notified);
        Assert.Equal(new[] { bob, bareRoom }.Select(s => s.Dialog.CallId).Order(StringComparer.Ordinal),
            blocked.Select(s => s.Request.CallId).Order(StringComparer.Ordinal));
        Assert.All(blocked, s => Assert.Contains("<basic>closed</basic>", Text(s), StringComparison.Ordinal));
        Assert.All(blocked, s => Assert.DoesNotContain("Board Room", Text(s), StringComparison.Ordinal));
        Assert.Equal((AccessLevel.Public, AccessLevel.Blocked, AccessLevel.Company, AccessLevel.Blocked),
            (ann.Level, bob.Level, colleague.Level, bareRoom.Level));

        // An attribute moved: the public watcher loses the e-mail; the colleague, who still sees it, hears nothing.
        await SettleAsync();
        (_, notified, _) = Apply("AccessLevels:Blocked:0=bob@example.org", "AccessLevels:Attributes:Email=Company");
        var sent = Assert.Single(await SentAsync(1));
        Assert.Equal((1, ann.Dialog.CallId), (notified, sent.Request.CallId));
        Assert.True(await _sender.IsQuietAsync());
    }

    [Fact]
    public async Task What_is_gone_ends_its_watchers_with_noresource()
    {
        var hall = Watch("sip:townhall@vc.example.com");
        var person = Watch(Person);
        var list = Watch("sip:rooms@vc.example.com");
        Watch("sip:meet.alice@vc.example.com");
        Watch(Pstn);

        var (_, notified, terminated) = Apply("Services:1", "RoutingRules:Rules:1", "Lists");

        var sent = await SentAsync(3);
        Assert.Equal((0, 3), (notified, terminated));
        Assert.Equal(new[] { hall, person, list }.Select(s => s.Dialog.CallId).Order(StringComparer.Ordinal),
            sent.Select(s => s.Request.CallId).Order(StringComparer.Ordinal));
        Assert.All(sent, s => Assert.Equal("terminated;reason=noresource", s.Header(HeaderKind.SubscriptionState)));
        Assert.Equal(2, _table.Count);
    }

    [Fact]
    public async Task A_gateway_alias_routed_elsewhere_notifies_its_watchers_once_lists_included()
    {
        var gateway = Watch(Pstn);
        var list = Watch("sip:rooms@vc.example.com");
        Watch(Person);
        Watch("sip:meet.alice@vc.example.com");

        Apply(@"RoutingRules:Rules:0:Replace=\1@sbc.example.com");

        var sent = await SentAsync(2);
        Assert.Equal(new[] { gateway, list }.Select(s => s.Dialog.CallId).Order(StringComparer.Ordinal),
            sent.Select(s => s.Request.CallId).Order(StringComparer.Ordinal));
        Assert.Equal("4420712345678@sbc.example.com", ((ContactSubscription)gateway).Contact.Destination);
    }

    [Fact]
    public async Task The_same_configuration_notifies_no_one()
    {
        Watch("sip:meet.alice@vc.example.com");
        Watch("sip:rooms@vc.example.com");
        Watch(Pstn);

        var (_, notified, terminated) = Apply();

        Assert.Equal((0, 0), (notified, terminated));
        Assert.True(await _sender.IsQuietAsync());
    }

    [Fact]
    public async Task An_override_survives_and_its_redefined_status_reaches_the_watchers()
    {
        var hall = Contact("sip:townhall@vc.example.com");
        var maintenance = _running.Current.States.TryResolve("maintenance", out var state) ? state : throw new InvalidOperationException();
        _live.SetOverride(hall, new ManualOverride(maintenance, null, null, Invisible: false), "test");
        var watcher = Watch("sip:townhall@vc.example.com");
        Watch("sip:meet.alice@vc.example.com");
        await SettleAsync();

        Apply("Presence:CustomStatuses:0:Texts:en-US=Closed until Monday");

        var sent = Assert.Single(await SentAsync(1));
        Assert.Equal(watcher.Dialog.CallId, sent.Request.CallId);
        Assert.Contains("Closed until Monday", Text(sent), StringComparison.Ordinal);
        var report = _live.Describe(Contact("sip:townhall@vc.example.com"));
        Assert.Equal("maintenance", report.Override!.State.Id);
        Assert.Equal("Closed until Monday", report.Shown.State.Texts[0].Text);
        Assert.Single(report.History);
    }

    [Fact]
    public async Task A_removed_status_an_override_shows_falls_back_to_its_base_status()
    {
        var hall = Contact("sip:townhall@vc.example.com");
        var maintenance = _running.Current.States.TryResolve("maintenance", out var state) ? state : throw new InvalidOperationException();
        _live.SetOverride(hall, new ManualOverride(maintenance, null, null, Invisible: false), "test");
        Watch("sip:townhall@vc.example.com");
        await SettleAsync();

        Apply("Presence:CustomStatuses");

        Assert.Single(await SentAsync(1));
        var report = _live.Describe(Contact("sip:townhall@vc.example.com"));
        Assert.Equal(nameof(BaseStatus.Away), report.Shown.State.Id);
        Assert.Equal(DialPlanSwitch.Reason, report.History[^1].Reason);
    }

    [Fact]
    public async Task A_new_occupancy_rule_restates_an_occupied_room_without_a_new_report()
    {
        var hall = Contact("sip:townhall@vc.example.com");
        _occupancy.SetCounted(hall, new RoomOccupancy(5, false), null, "test");
        Assert.Equal(BuiltInStates.InAMeeting, _live.Current(hall).State.Id);
        Watch("sip:townhall@vc.example.com");
        await SettleAsync();

        Apply("Presence:Occupancy:Auditorium:Occupied=maintenance");

        Assert.Single(await SentAsync(1));
        Assert.Equal("maintenance", _live.Current(Contact("sip:townhall@vc.example.com")).State.Id);
        Assert.Equal(PresenceSource.Occupancy, _live.Current(Contact("sip:townhall@vc.example.com")).Source);
    }

    [Fact]
    public void Live_state_follows_a_service_whose_first_alias_changed_and_goes_with_a_removed_one()
    {
        _live.SetOverride(Contact("sip:meet.alice@vc.example.com"), new ManualOverride(TestStates.Of(BaseStatus.DoNotDisturb), "Away today", null, false), "test");
        _live.SetOverride(Contact("sip:townhall@vc.example.com"), new ManualOverride(TestStates.Of(BaseStatus.Offline), null, null, false), "test");

        Apply("Services:0:Aliases:0=alice", "Services:0:Aliases:1=meet.alice", "Services:1", "Lists:0:Members:0=alice");

        var alice = Contact("sip:alice@vc.example.com");
        Assert.Equal("alice", alice.Key);
        Assert.Equal("Away today", _live.Current(alice).Note);
        Assert.Equal(1, _live.Count);
    }

    private (DialPlanDiff Diff, int Notified, int Terminated) Apply(params string[] edits) =>
        _switch.Apply(TestConfiguration.Load(TestConfiguration.Build([.. s_plan, .. edits])).Snapshot(s_domains, _time.GetUtcNow(), _running.Current));

    private Contact Contact(string uri) => _running.Current.Contacts.Resolve(SipUri.Parse(uri))!;

    /// <summary>
    /// A subscription to <paramref name="uri"/> as a SUBSCRIBE from <paramref name="from"/> (an address of record) would
    /// make it, in the table; its first NOTIFY is not the test's.
    /// </summary>
    private Subscription Watch(string uri, string? from = null)
    {
        var text = SubscribeRequests.Text(callId: $"{Guid.NewGuid():N}@watcher", uri: uri,
            from: from is null ? SubscribeRequests.WatcherFrom : $"<sip:{from}>;tag=w-{Guid.NewGuid():N}");
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipLimits(), isDatagram: false).Message);
        var dialog = SubscribeRequests.DialogFor(request);
        var expires = (_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcTicks;
        Subscription s = _running.Current.Lists.Find(request.RequestUri) is { } list
            ? new ListSubscription(dialog, request.Event!, list, flow: null, expires, DocumentFormat.Pidf, CategorySet.All)
            : new ContactSubscription(dialog, request.Event!, Contact(uri), uri, flow: null, expires);
        s.Assess(_running.Current.Access, s.Watcher());
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    /// <summary>
    /// Lets what the test did before the reload (an override, occupancy) reach whoever watched then, and answers it, so
    /// <see cref="SentAsync"/> sees the reload's NOTIFYs alone.
    /// </summary>
    private async Task SettleAsync()
    {
        while (!await _sender.IsQuietAsync())
        {
        }

        foreach (var sent in _sender.Sent)
        {
            sent.Answer(200);
        }

        _settled = _sender.Sent.Count;
    }

    /// <summary>Waits for <paramref name="count"/> NOTIFYs since <see cref="SettleAsync"/>, then makes sure no more come.</summary>
    private async Task<IReadOnlyList<SentRequest>> SentAsync(int count)
    {
        await _sender.WaitForAsync(_settled + count).Within();
        Assert.True(await _sender.IsQuietAsync());
        return [.. _sender.Sent.Skip(_settled)];
    }

    private static string Text(SentRequest sent) => Encoding.UTF8.GetString(sent.Request.Body.Span);
}

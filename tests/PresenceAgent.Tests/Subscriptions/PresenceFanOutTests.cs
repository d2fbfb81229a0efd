using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// A change of live presence reaches exactly the watchers of that contact, lists included, each with the new state;
/// one document is rendered per format and shared; a watcher that does not answer holds up no one and gets the newest
/// state next.
/// </summary>
public sealed class PresenceFanOutTests : IAsyncLifetime
{
    private static readonly Contact OtherRoom = new()
    {
        Kind = ContactKind.Vmr,
        Key = "other",
        DisplayName = "Other room",
        Since = TestSubscriptions.AliceRoom.Since,
    };

    private static readonly ResourceList Rooms = new("sip:rooms@vc.example.com", "vc.example.com", "All rooms",
    [
        new ListResource("sip:meet.alice@vc.example.com", TestSubscriptions.AliceRoom, "sip:meet.alice@vc.example.com"),
        new ListResource("sip:other@vc.example.com", OtherRoom, "sip:other@vc.example.com"),
    ]);

    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FakeRequestSender _sender = new();
    private readonly SubscriptionTable _table;
    private readonly LivePresence _live;
    private readonly Notifier _notifier;
    private readonly PresenceFanOut _fanOut;

    public PresenceFanOutTests()
    {
        _table = new SubscriptionTable(_time);
        _live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), _time, NullLogger<LivePresence>.Instance);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"),
            live: _live);
        _notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
        _fanOut = new PresenceFanOut(_live, _table, _notifier, _logs.CreateLogger<PresenceFanOut>());
    }

    public Task InitializeAsync() => _fanOut.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _fanOut.StopAsync(CancellationToken.None);
        _fanOut.Dispose();
        _live.Dispose();
        _table.Dispose();
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private Subscription Watch(Contact? contact = null)
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromHours(1));
        if (contact is not null)
        {
            var request = SubscribeRequests.Parse(callId: $"other-{Guid.NewGuid():N}@watcher");
            s = new ContactSubscription(SubscribeRequests.DialogFor(request), request.Event!, contact, "sip:other@vc.example.com", null,
                (_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcTicks);
        }

        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    private ListSubscription WatchList()
    {
        var request = SubscribeRequests.Parse(callId: $"list-{Guid.NewGuid():N}@watcher", uri: Rooms.Uri);
        var s = new ListSubscription(SubscribeRequests.DialogFor(request), request.Event!, Rooms, flow: null,
            (_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcTicks, DocumentFormat.Pidf, CategorySet.All);
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    private static string Text(SentRequest sent) => Encoding.UTF8.GetString(sent.Request.Body.Span);

    [Fact]
    public async Task A_change_notifies_exactly_the_watchers_of_that_contact_and_the_lists_holding_it()
    {
        Subscription[] watchers = [Watch(), Watch(), Watch()];
        var other = Watch(OtherRoom);
        var list = WatchList();

        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(BuiltInStates.InAMeeting), null, "joined");

        await _sender.WaitForAsync(4).Within();
        Assert.True(await _sender.IsQuietAsync());
        var sent = _sender.Sent;
        Assert.Equal(4, sent.Count);
        Assert.Equal(watchers.Select(w => w.Dialog.CallId).Append(list.Dialog.CallId).Order(StringComparer.Ordinal),
            sent.Select(s => s.Request.CallId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(sent, s => s.Request.CallId == other.Dialog.CallId);
        Assert.All(sent, s => Assert.Contains("<rpid:meeting />", Text(s), StringComparison.Ordinal));
        Assert.All(sent, s => Assert.StartsWith("active", s.Header(HeaderKind.SubscriptionState), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_notifies_the_watchers_of_the_keys_given_and_no_one_else()
    {
        var alice = Watch();
        var other = Watch(OtherRoom);

        _fanOut.Refresh(["ROOM", "nobody-watches@vc.example.com"]);

        var sent = await _sender.WaitForAsync(1).Within();
        Assert.True(await _sender.IsQuietAsync());
        Assert.Equal(alice.Dialog.CallId, Assert.Single(_sender.Sent).Request.CallId);
        Assert.NotEqual(other.Dialog.CallId, sent.Request.CallId);
        Assert.Equal(1, _fanOut.Notified);
    }

    [Fact]
    public async Task Watchers_of_one_contact_in_one_format_share_one_rendered_document()
    {
        Watch();
        Watch();

        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(BuiltInStates.Full), null, "full");
        await _sender.WaitForAsync(2).Within();

        Assert.True(MemoryMarshal.TryGetArray(_sender.Sent[0].Request.Body, out var first));
        Assert.True(MemoryMarshal.TryGetArray(_sender.Sent[1].Request.Body, out var second));
        Assert.Same(first.Array, second.Array);
    }

    [Fact]
    public async Task A_watcher_that_does_not_answer_holds_up_no_one_and_then_gets_only_the_newest_state()
    {
        var stuck = Watch();
        var prompt = Watch();

        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(BuiltInStates.InAMeeting), null, "joined");
        await _sender.WaitForAsync(2).Within();
        _sender.Sent.Single(s => s.Request.CallId == prompt.Dialog.CallId).Answer(200);

        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(BuiltInStates.Full), null, "full");
        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(BuiltInStates.Locked), null, "locked");

        // The prompt watcher has its NOTIFYs while the stuck one's first is still open: Full then Locked, or Locked
        // alone when both changes met one NOTIFY. The fan-out runs apart from the reports, so on a busy machine it may
        // come again for a change that NOTIFY already showed: the prompt watcher answers whatever it gets, and only
        // the stuck watcher's NOTIFYs are counted below.
        var third = await _sender.WaitForAsync(3).Within();
        Assert.Equal(prompt.Dialog.CallId, third.Request.CallId);
        SentRequest last;
        var answered = 1;
        do
        {
            await Eventually(() => Of(prompt).Count > answered);
            last = Of(prompt)[answered++];
            last.Answer(200);
        }
        while (!Text(last).Contains(">Locked<", StringComparison.Ordinal));

        Of(stuck).Single().Answer(200);
        await Eventually(() => Of(stuck).Count == 2);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, Of(stuck).Count);

        Assert.Contains(">Locked<", Text(Of(stuck)[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchers_who_left_are_not_notified()
    {
        var leaving = Watch();
        var staying = Watch();
        lock (leaving)
        {
            leaving.Ended = true;
        }

        _table.Remove(leaving);
        _live.Report(TestSubscriptions.AliceRoom, PresenceSource.Occupancy, TestStates.Resolve(BuiltInStates.Full), null, "full");

        var only = await _sender.WaitForAsync(1).Within();
        Assert.True(await _sender.IsQuietAsync());
        Assert.Equal(staying.Dialog.CallId, only.Request.CallId);
        Assert.Single(_table.WatchersOf(TestSubscriptions.AliceRoom.Key));
    }

    private List<SentRequest> Of(Subscription watcher) => [.. _sender.Sent.Where(s => s.Request.CallId == watcher.Dialog.CallId)];

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

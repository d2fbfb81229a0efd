using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Hosting;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Hosting;

/// <summary>
/// A dated out-of-office note shows only within its dates, and its start and end each NOTIFY the room's watchers (and
/// only theirs) with a document rebuilt for then, though the room's state did not change.
/// </summary>
public sealed class OutOfOfficeRefreshTests : IAsyncLifetime
{
    private static readonly DateTimeOffset From = ManualTimeProvider.Start.AddMinutes(10);
    private static readonly DateTimeOffset Until = ManualTimeProvider.Start.AddMinutes(20);

    private readonly CollectingLoggerProvider _logs = new();
    private readonly ManualTimeProvider _time = new();
    private readonly FakeRequestSender _sender = new();
    private readonly ContactDirectory _contacts;
    private readonly SubscriptionTable _table;
    private readonly LivePresence _live;
    private readonly PresenceBodies _bodies;
    private readonly PresenceFanOut _fanOut;
    private readonly OutOfOfficeRefresh _refresh;

    public OutOfOfficeRefreshTests()
    {
        _contacts = new ContactDirectory(
            [
                new ServiceOptions
                {
                    Name = "Board", Aliases = ["board@vc.example.com"], OutOfOfficeNote = "Closed for maintenance",
                    OutOfOfficeStart = From.ToString("O"), OutOfOfficeEnd = Until.ToString("O"),
                },
                new ServiceOptions { Name = "Plain", Aliases = ["plain@vc.example.com"], OutOfOfficeNote = "Always closed" },
            ],
            RoutingRuleSet.CreateOrThrow([]),
            ManualTimeProvider.Start);
        _table = new SubscriptionTable(_time);
        _live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), _time, NullLogger<LivePresence>.Instance);
        _bodies = new PresenceBodies(_ => new AvatarLink(new Uri("https://pa.example.com/avatars/default.jpg"), "00"), live: _live, time: _time);
        var notifier = new Notifier(_sender, _bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
        _fanOut = new PresenceFanOut(_live, _table, notifier, _logs.CreateLogger<PresenceFanOut>());
        _refresh = new OutOfOfficeRefresh(TestConfigurations.Running(_contacts), _live, _time, _logs.CreateLogger<OutOfOfficeRefresh>());
    }

    public async Task InitializeAsync()
    {
        await _fanOut.StartAsync(CancellationToken.None);
        await _refresh.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _refresh.StopAsync(CancellationToken.None);
        await _fanOut.StopAsync(CancellationToken.None);
        _refresh.Dispose();
        _fanOut.Dispose();
        _live.Dispose();
        _table.Dispose();
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task The_note_appears_at_its_start_and_goes_at_its_end_each_time_notifying_the_rooms_watchers_only()
    {
        var board = Watch("board@vc.example.com");
        Watch("plain@vc.example.com");
        Assert.DoesNotContain("OOF", Body("board@vc.example.com"), StringComparison.Ordinal);

        _time.Advance(From - _time.GetUtcNow());
        var started = await _sender.WaitForAsync(1).Within();
        Assert.True(await _sender.IsQuietAsync());
        Assert.Equal(board.Dialog.CallId, started.Request.CallId);
        Assert.Contains("<body type=\"OOF\" startTime=\"2026-01-01T00:10:00.000Z\" endTime=\"2026-01-01T00:20:00.000Z\">Closed for maintenance</body>",
            Encoding.UTF8.GetString(started.Request.Body.Span), StringComparison.Ordinal);

        // A change of the document: its publishTime moves with it, so Lync takes it as new.
        Assert.Contains("publishTime=\"2026-01-01T00:10:00.000Z\"", Encoding.UTF8.GetString(started.Request.Body.Span), StringComparison.Ordinal);
        started.Answer(200);

        _time.Advance(Until - _time.GetUtcNow());
        var ended = await _sender.WaitForAsync(2).Within();
        Assert.True(await _sender.IsQuietAsync());
        Assert.Equal(board.Dialog.CallId, ended.Request.CallId);
        Assert.DoesNotContain("OOF", Encoding.UTF8.GetString(ended.Request.Body.Span), StringComparison.Ordinal);
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId.Name == "OutOfOfficeChanged"));
    }

    [Fact]
    public void A_note_without_dates_always_shows_and_is_never_refreshed()
    {
        Assert.Contains("Always closed", Body("plain@vc.example.com"), StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(_refresh.Check());
        Assert.Contains("Always closed", Body("plain@vc.example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_look_only_remembers_and_a_later_one_names_the_services_whose_note_started_or_ended()
    {
        Assert.Empty(_refresh.Check());

        _time.Advance(TimeSpan.FromMinutes(30));

        // The timer looked at 00:10 and 00:20 already: nothing new since.
        Assert.Empty(_refresh.Check());
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId.Name == "OutOfOfficeChanged"));
    }

    [Fact]
    public void Pidf_has_the_note_only_within_its_dates_since_a_pidf_note_cannot_carry_them()
    {
        Assert.DoesNotContain("Closed for maintenance", Body("board@vc.example.com", DocumentFormat.Pidf), StringComparison.Ordinal);

        _time.Advance(From - _time.GetUtcNow());
        Assert.Contains("<note xml:lang=\"en\">Closed for maintenance</note>", Body("board@vc.example.com", DocumentFormat.Pidf), StringComparison.Ordinal);

        _time.Advance(Until - _time.GetUtcNow());
        Assert.DoesNotContain("Closed for maintenance", Body("board@vc.example.com", DocumentFormat.Pidf), StringComparison.Ordinal);
    }

    private string Body(string alias, DocumentFormat format = DocumentFormat.MsrtcCategories)
    {
        var contact = _contacts.Resolve(SipUri.Parse("sip:" + alias))!;
        return Encoding.UTF8.GetString(_bodies.For(contact, "sip:" + alias, format, CategorySet.All, PresenceAgent.Access.AccessLevel.Company).Body.Span);
    }

    /// <summary>A Lync-format (msrtc) subscription to <paramref name="alias"/>, resolved as a SUBSCRIBE would be.</summary>
    private ContactSubscription Watch(string alias)
    {
        var uri = "sip:" + alias;
        var contact = _contacts.Resolve(SipUri.Parse(uri)) ?? throw new InvalidOperationException(alias);
        var request = SubscribeRequests.Parse(callId: $"{Guid.NewGuid():N}@watcher", uri: uri);
        var s = new ContactSubscription(SubscribeRequests.DialogFor(request), request.Event!, contact, uri, null,
            (_time.GetUtcNow() + TimeSpan.FromHours(2)).UtcTicks, DocumentFormat.MsrtcCategories, CategorySet.All);
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }
}

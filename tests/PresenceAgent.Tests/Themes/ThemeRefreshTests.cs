using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Http;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

/// <summary>
/// A changed avatar NOTIFYs exactly the watchers who now see another picture, with the new photo hash: a theme's
/// services; for the default, the services without a usable theme and every watched gateway contact.
/// </summary>
public sealed class ThemeRefreshTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTime Written = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Uri PublicBase = new("https://pa.example.com/");

    private readonly TempThemeFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ManualTimeProvider _time = new();
    private readonly FakeRequestSender _sender = new();
    private readonly ThemeStore _themes;
    private readonly ContactDirectory _contacts;
    private readonly SubscriptionTable _table;
    private readonly LivePresence _live;
    private readonly PresenceFanOut _fanOut;
    private readonly ThemeRefresh _refresh;
    private int _writes;

    public ThemeRefreshTests()
    {
        Write("default", TestImages.Solid(100, 100, TestImages.Red));
        Write("boardroom", TestImages.Solid(100, 100, TestImages.Green));
        System.IO.Directory.CreateDirectory(Path.Combine(_folder.Path, "bare"));
        _themes = new ThemeStore(new ThemeOptions { Folder = _folder.Path }, _logs.CreateLogger<ThemeStore>(), _time);
        _contacts = new ContactDirectory(
            [
                new ServiceOptions { Name = "Board", Aliases = ["board@vc.example.com"], Theme = "boardroom" },
                new ServiceOptions { Name = "Plain", Aliases = ["plain@vc.example.com"] },
                new ServiceOptions { Name = "Bare", Aliases = ["bare@vc.example.com"], Theme = "bare" },
            ],
            RoutingRuleSet.CreateOrThrow([new RoutingRule { Name = "pstn", Match = @"\+?([0-9]{6,15})@vc\.example\.com", Replace = @"\1@pstn.example.com" }]),
            ManualTimeProvider.Start);
        _table = new SubscriptionTable(_time);
        _live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), _time, NullLogger<LivePresence>.Instance);
        var bodies = new PresenceBodies(theme => AvatarUrls.LinkFor(_themes, PublicBase, theme), live: _live, avatarRevision: () => _themes.Revision);
        var notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
        _fanOut = new PresenceFanOut(_live, _table, notifier, _logs.CreateLogger<PresenceFanOut>());
        _refresh = new ThemeRefresh(_themes, TestConfigurations.Running(_contacts), _table, _fanOut, _logs.CreateLogger<ThemeRefresh>());
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
        _fanOut.Dispose();
        _live.Dispose();
        _table.Dispose();
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_theme_s_new_picture_notifies_its_services_watchers_only_with_the_new_hash()
    {
        var board = Watch("board@vc.example.com");
        var plain = Watch("plain@vc.example.com");
        var gateway = Watch("+4420712345678@vc.example.com");
        var old = _themes.GetAvatar("boardroom").Hash;

        Replace("boardroom", TestImages.Solid(100, 100, TestImages.Blue));

        var sent = await _sender.WaitForAsync(1).Within();
        Assert.True(await _sender.IsQuietAsync());
        Assert.Equal(board.Dialog.CallId, Assert.Single(_sender.Sent).Request.CallId);
        var body = Encoding.UTF8.GetString(sent.Request.Body.Span);
        var now = _themes.GetAvatar("boardroom").Hash;
        Assert.NotEqual(old, now);
        Assert.Contains($"<hash>{now}</hash>", body, StringComparison.Ordinal);
        Assert.Contains("<uri>https://pa.example.com/avatars/boardroom.jpg</uri>", body, StringComparison.Ordinal);
        Assert.NotEqual(plain.Dialog.CallId, sent.Request.CallId);
        Assert.NotEqual(gateway.Dialog.CallId, sent.Request.CallId);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 5119 && e.Message.Contains("boardroom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_default_picture_notifies_the_services_without_a_usable_theme_and_the_gateway_contacts()
    {
        var board = Watch("board@vc.example.com");
        var expected = new[] { Watch("plain@vc.example.com"), Watch("bare@vc.example.com"), Watch("+4420712345678@vc.example.com") };

        Replace("default", TestImages.Solid(100, 100, TestImages.Blue));

        await _sender.WaitForAsync(3).Within();
        Assert.True(await _sender.IsQuietAsync());
        Assert.Equal(expected.Select(s => s.Dialog.CallId).Order(StringComparer.Ordinal), _sender.Sent.Select(s => s.Request.CallId).Order(StringComparer.Ordinal));
        Assert.All(_sender.Sent, s => Assert.Contains($"<hash>{_themes.DefaultAvatar.Hash}</hash>", Encoding.UTF8.GetString(s.Request.Body.Span), StringComparison.Ordinal));
        Assert.DoesNotContain(_sender.Sent, s => s.Request.CallId == board.Dialog.CallId);
    }

    [Fact]
    public async Task A_removed_picture_points_its_services_at_the_default()
    {
        Watch("board@vc.example.com");

        File.Delete(_folder.AvatarPath("boardroom"));
        Settle();

        var body = Encoding.UTF8.GetString((await _sender.WaitForAsync(1).Within()).Request.Body.Span);
        Assert.Contains("<uri>https://pa.example.com/avatars/default.jpg</uri>", body, StringComparison.Ordinal);
        Assert.Contains($"<hash>{_themes.DefaultAvatar.Hash}</hash>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_contacts_affected_are_found_through_the_directory_and_the_watched_keys()
    {
        Watch("+4420712345678@vc.example.com");
        var before = _themes.Current;
        Replace("default", TestImages.Solid(100, 100, TestImages.Blue));
        var change = new ThemeChange(before, _themes.Current, ["default"]);

        Assert.Equal(["+4420712345678@vc.example.com", "bare@vc.example.com", "plain@vc.example.com"], _refresh.Affected(change).Order(StringComparer.Ordinal));
    }

    /// <summary>A Lync-format (msrtc) subscription to <paramref name="alias"/>, resolved as a SUBSCRIBE would be.</summary>
    private ContactSubscription Watch(string alias)
    {
        var uri = "sip:" + alias;
        var contact = _contacts.Resolve(SipUri.Parse(uri)) ?? throw new InvalidOperationException(alias);
        var request = SubscribeRequests.Parse(callId: $"{Guid.NewGuid():N}@watcher", uri: uri);
        var s = new ContactSubscription(SubscribeRequests.DialogFor(request), request.Event!, contact, uri, null,
            (_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcTicks, DocumentFormat.MsrtcCategories, CategorySet.All);
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    private void Replace(string theme, byte[] bytes)
    {
        Write(theme, bytes);
        Settle();
    }

    private void Settle()
    {
        _themes.Rescan();
        _time.Advance(ThemeStore.Settle);
        _themes.Rescan();
    }

    private void Write(string theme, byte[] bytes)
    {
        _folder.AddTheme(theme, bytes);
        File.SetLastWriteTimeUtc(_folder.AvatarPath(theme), Written.AddSeconds(++_writes));
    }
}

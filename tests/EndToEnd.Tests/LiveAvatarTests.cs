using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// A designer changes a theme's picture while the agent runs and Lync-shaped watchers are subscribed over TCP: within
/// 5 s the watchers who show it get a NOTIFY with the new photo hash and fetch the new picture; a broken picture changes
/// nothing and NOTIFYs no one. Each test has its own agent and themes folder.
/// </summary>
public sealed partial class LiveAvatarTests : IAsyncLifetime
{
    private const string Room = "sip:meet.alice@vc.example.com"; // theme boardroom
    private const string TownHall = "sip:townhall@vc.test"; // no theme: the default
    private const string Gateway = "sip:+4420712345678@vc.example.com"; // no theme: the default

    /// <summary>The promise to designers.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private readonly string _themes = System.IO.Directory.CreateTempSubdirectory("pa-live-themes-").FullName;
    private readonly List<SipTestPeer> _peers = [];
    private AgentUnderTest? _agent;

    private AgentUnderTest Agent => _agent!;

    public async Task InitializeAsync()
    {
        foreach (var theme in (string[])["default", "boardroom"])
        {
            System.IO.Directory.CreateDirectory(Path.Combine(_themes, theme));
            File.Copy(Path.Combine(RepoPaths.Themes, theme, "presence_avatar_image.jpg"), AvatarPath(theme));
        }

        _agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?> { ["Themes:Folder"] = _themes });

        // The host starts the watcher in the background: changes before it watches would be seen by the periodic look only.
        await _agent.App.Services.GetServices<IHostedService>().OfType<ThemeWatcher>().Single().Watching.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        System.IO.Directory.Delete(_themes, recursive: true);
    }

    [Fact]
    public async Task A_replaced_picture_reaches_the_theme_s_watchers_within_5_s_and_no_one_else()
    {
        var (room, first) = await WatchAsync(Room);
        var (townHall, _) = await WatchAsync(TownHall);
        using var http = new HttpClient();
        var before = await FetchAsync(http, first.Url);
        Assert.Equal(first.Hash, before.ETag.Trim('"'));

        var clock = Stopwatch.StartNew();
        await CopyInPiecesAsync(TestImages.Halves(800, 600, TestImages.Blue, TestImages.Blue), AvatarPath("boardroom"));

        var notify = await room.ReceiveStateNotifyAsync(Within);
        Assert.True(clock.Elapsed < Within, $"took {clock.Elapsed}");
        var now = Photo(notify);
        Assert.Equal(first.Url, now.Url);
        Assert.NotEqual(first.Hash, now.Hash);

        // What Lync fetches for the new hash is the new picture, with the new hash as its ETag.
        var after = await FetchAsync(http, now.Url);
        Assert.Equal(now.Hash, after.ETag.Trim('"'));
        Assert.NotEqual(before.ETag, after.ETag);
        using (var image = Image.Load<Rgb24>(after.Bytes))
        {
            Assert.Equal((96, 96), (image.Width, image.Height));
            Assert.True(TestImages.Near(TestImages.ColourAt(image, 48, 48), TestImages.Blue));
        }

        // Its cached copy revalidates to the new picture rather than 304.
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, now.Url);
        revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(before.ETag));
        using var response = await http.SendAsync(revalidate);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        Assert.True(await townHall.IsSilentAsync(TimeSpan.FromSeconds(1)), "a watcher of another theme was notified");
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Id == 5115);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_broken_replacement_keeps_the_old_picture_and_notifies_no_one()
    {
        var (room, first) = await WatchAsync(Room);
        using var http = new HttpClient();
        var before = await FetchAsync(http, first.Url);

        var broken = TestImages.Halves(800, 600, TestImages.Blue, TestImages.Red);
        await File.WriteAllBytesAsync(AvatarPath("boardroom"), broken[..(broken.Length / 3)]);

        await Eventually.TrueAsync(() => Agent.Logs.Entries.Any(e => e.Id.Id == 5116), "the refused picture is logged", Within);
        var refused = Agent.Logs.Entries.Single(e => e.Id.Id == 5116);
        Assert.Contains(AvatarPath("boardroom"), refused.Message, StringComparison.Ordinal);
        Assert.Contains("Truncated", refused.Message, StringComparison.Ordinal);
        Assert.True(await room.IsSilentAsync(TimeSpan.FromSeconds(2)), "a broken picture NOTIFYed a watcher");
        var after = await FetchAsync(http, first.Url);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Bytes, after.Bytes);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_new_default_picture_reaches_the_watchers_of_theme_less_services_and_gateway_contacts()
    {
        var (room, _) = await WatchAsync(Room);
        var (townHall, townHallFirst) = await WatchAsync(TownHall);
        var (gateway, gatewayFirst) = await WatchAsync(Gateway);
        Assert.Equal(townHallFirst.Hash, gatewayFirst.Hash);

        await CopyInPiecesAsync(TestImages.Solid(300, 300, TestImages.Green), AvatarPath("default"));

        var townHallNow = Photo(await townHall.ReceiveStateNotifyAsync(Within));
        var gatewayNow = Photo(await gateway.ReceiveStateNotifyAsync(Within));
        Assert.NotEqual(townHallFirst.Hash, townHallNow.Hash);
        Assert.Equal(townHallNow, gatewayNow);
        Assert.True(await room.IsSilentAsync(TimeSpan.FromSeconds(1)), "a watcher of a theme with its own picture was notified");
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_removed_picture_sends_the_theme_s_watchers_to_the_default_picture()
    {
        var (room, _) = await WatchAsync(Room);
        var (_, townHall) = await WatchAsync(TownHall);

        File.Delete(AvatarPath("boardroom"));

        var now = Photo(await room.ReceiveStateNotifyAsync(Within));
        Assert.Equal(townHall, now);
        Assert.EndsWith("/avatars/default.jpg", now.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Id == 5117);
        Agent.AssertNoErrors();
    }

    private string AvatarPath(string theme) => Path.Combine(_themes, theme, "presence_avatar_image.jpg");

    /// <summary>A Skype for Business-shaped subscription over TCP, and the photo its first NOTIFY carries.</summary>
    private async Task<(SipTestPeer Peer, (Uri Url, string Hash) Photo)> WatchAsync(string target)
    {
        var peer = await Agent.PeerAsync(tcp: true);
        _peers.Add(peer);
        await peer.SendAsync(SipScript.Subscribe(peer, target, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/msrtc-event-categories+xml\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        return (peer, Photo(await peer.ReceiveStateNotifyAsync()));
    }

    private static (Uri Url, string Hash) Photo(SipRequest notify)
    {
        Assert.Equal("application/msrtc-event-categories+xml", notify.ContentType);
        var match = PhotoElement().Match(Encoding.UTF8.GetString(notify.Body.Span));
        Assert.True(match.Success, "no photo in the NOTIFY");
        return (new Uri(match.Groups["uri"].Value), match.Groups["hash"].Value);
    }

    private static async Task<(string ETag, byte[] Bytes)> FetchAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (response.Headers.ETag!.Tag, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>As a designer's copy over a share writes: a few pieces, a moment apart.</summary>
    private static async Task CopyInPiecesAsync(byte[] bytes, string path)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var piece = (bytes.Length / 4) + 1;
        for (var offset = 0; offset < bytes.Length; offset += piece)
        {
            await file.WriteAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)));
            await file.FlushAsync();
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("<photo type=\"default\"><uri>(?<uri>[^<]+)</uri><hash>(?<hash>[0-9a-f]{32})</hash></photo>")]
    private static partial Regex PhotoElement();
}

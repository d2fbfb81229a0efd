using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Themes;
using static Microsoft.Playwright.Assertions;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// The admin console in a real browser (Debian's chromium, headless, through Playwright) against the running agent: each
/// page loads clean, the rule tester answers, an override typed into the page reaches a SIP watcher, the gallery shows
/// every picture and fault, and the token sign-in works. Screenshots land in TestResults/screenshots.
/// </summary>
[Collection(nameof(UsesConsoleBrowser))]
public sealed class AdminConsoleBrowserTests(ConsoleBrowser browser, AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    private static async Task WatchAsync(SipTestPeer peer, string target, string accept)
    {
        await peer.SendAsync(SipScript.Subscribe(peer, target, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: $"Accept: {accept}\r\nAccept-Language: en-US\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        await peer.ReceiveStateNotifyAsync();
    }

    [BrowserFact]
    public async Task Every_page_loads_without_console_errors_or_failed_requests()
    {
        // Something to show: watchers over both transports in two formats, and a change of state.
        await using var udp = await Agent.PeerAsync(tcp: false);
        await using var tcp = await Agent.PeerAsync(tcp: true);
        await WatchAsync(udp, "sip:meet.alice@vc.test", "application/pidf+xml");
        await WatchAsync(tcp, "sip:townhall@vc.test", "application/xpidf+xml");
        await WatchAsync(tcp, "sip:+4420712345678@vc.example.com", "application/msrtc-event-categories+xml");
        using var http = ApiClients.Loopback(Agent);
        (await http.PutJsonAsync(ApiClients.PresencePath("townhall"), """{"status":"InAMeeting","note":"<b>Quarterly</b> results & Q&A"}""")).EnsureSuccessStatusCode();

        await using (var dashboard = await ConsolePage.OpenAsync(browser, Agent, "admin/"))
        {
            await Expect(dashboard.Page.Locator("#by-contact tr[data-contact='townhall@vc.test']")).ToContainTextAsync("Town Hall");
            await Expect(dashboard.Page.Locator("#changes tr[data-contact='townhall@vc.test'] .to").First).ToHaveTextAsync("InAMeeting");
            await Expect(dashboard.Page.Locator("#reload .reload-summary")).ToContainTextAsync("read at start");
            await dashboard.ScreenshotAsync("dashboard");
            dashboard.AssertClean();
        }

        await using (var services = await ConsolePage.OpenAsync(browser, Agent, "admin/services"))
        {
            var townhall = services.Page.Locator("article[data-contact='townhall@vc.test']");
            await Expect(townhall.Locator(".presence .badge")).ToHaveTextAsync("InAMeeting");
            await Expect(townhall.Locator(".source")).ToHaveTextAsync("Manual");
            await Expect(townhall.Locator(".watchers")).ToHaveTextAsync("1");

            // The agent's data is text in the page, never markup: a note or a name with tags shows its tags.
            await Expect(townhall.Locator(".note")).ToHaveTextAsync("“<b>Quarterly</b> results & Q&A”");
            await Expect(townhall.Locator(".note b")).ToHaveCountAsync(0);
            await Expect(services.Page.Locator("article[data-contact='meet.alice'] h2")).ToHaveTextAsync("Alice's <Room> & Co");
            await Expect(services.Page.Locator("article.service img.avatar").First).ToHaveJSPropertyAsync("naturalWidth", 96);
            await services.ScreenshotAsync("services");
            services.AssertClean();
        }

        await using (var tester = await ConsolePage.OpenAsync(browser, Agent, "admin/rule-tester"))
        {
            await Expect(tester.Page.Locator("#result")).ToBeHiddenAsync();
            tester.AssertClean();
        }

        await using (var themes = await ConsolePage.OpenAsync(browser, Agent, "admin/themes"))
        {
            await Expect(themes.Page.Locator("article.theme")).ToHaveCountAsync(2);
            themes.AssertClean();
        }

        Agent.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_rule_tester_answers_for_a_gateway_alias_with_the_rule_and_three_documents()
    {
        await using var tester = await ConsolePage.OpenAsync(browser, Agent, "admin/rule-tester");
        var page = tester.Page;

        await page.GetByLabel("Alias").FillAsync("+4420712345678@vc.example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("A gateway rule answers");
        await Expect(page.Locator("#facts [data-fact='Rule']")).ToHaveTextAsync("pstn-gateway");
        await Expect(page.Locator("#facts [data-fact='Routed to']")).ToHaveTextAsync("4420712345678@pstn.example.com");
        var winner = page.Locator("#rules tr.winner");
        await Expect(winner).ToHaveAttributeAsync("data-rule", "pstn-gateway");
        await Expect(winner).ToContainTextAsync("answers");
        await Expect(page.Locator("#rules tr[data-rule='people']")).ToContainTextAsync("no match");
        var documents = page.Locator("#documents .document");
        await Expect(documents).ToHaveCountAsync(3);
        Assert.Equal(["pidf", "msrtc", "xpidf"], await documents.EvaluateAllAsync<string[]>("ds => ds.map(d => d.dataset.format)"));
        await Expect(documents.Nth(0).Locator("pre")).ToContainTextAsync("entity=\"sip:+4420712345678@vc.example.com\"");
        await Expect(documents.Nth(1).Locator("pre")).ToContainTextAsync("3500");
        await Expect(documents.Nth(2).Locator("pre")).ToContainTextAsync("<presence");
        Assert.Contains("alias=%2B4420712345678%40vc.example.com", page.Url, StringComparison.Ordinal);

        await tester.ScreenshotAsync("rule-tester");
        tester.AssertClean();
    }

    [BrowserFact]
    public async Task An_override_set_in_the_console_reaches_a_udp_watcher_as_a_notify()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@vc.test", SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/pidf+xml\r\nAccept-Language: en-US\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal("open", PidfBody.Basic(PidfBody.Parse(await peer.ReceiveStateNotifyAsync())));
        await using var console = await ConsolePage.OpenAsync(browser, Agent, "admin/services");
        var room = console.Page.Locator("article[data-contact='room1']");
        await Expect(room.Locator(".watchers")).ToHaveTextAsync("1");

        await room.GetByLabel("Status").SelectOptionAsync("DoNotDisturb");
        await room.GetByLabel("Note").FillAsync("Board meeting");
        await room.GetByRole(AriaRole.Button, new() { Name = "Set override" }).ClickAsync();

        var notify = PidfBody.Parse(await peer.ReceiveStateNotifyAsync());
        Assert.Equal("closed", PidfBody.Basic(notify));
        Assert.Equal("Board meeting", notify.Descendants(PidfBody.Dm + "note").Single().Value);
        Assert.Contains("busy", notify.Descendants((XNamespace)"urn:ietf:params:xml:ns:pidf:rpid" + "activities").Elements().Select(e => e.Name.LocalName));
        await Expect(room.Locator(".form-result")).ToContainTextAsync("watchers now see DoNotDisturb until it is cleared");
        await Expect(room.Locator(".presence .badge")).ToHaveTextAsync("DoNotDisturb");
        await Expect(room.Locator(".override-now")).ToContainTextAsync("DoNotDisturb (sticky)");
        await console.ScreenshotAsync("services-override");

        await room.GetByRole(AriaRole.Button, new() { Name = "Clear override" }).ClickAsync();

        Assert.Equal("open", PidfBody.Basic(PidfBody.Parse(await peer.ReceiveStateNotifyAsync())));
        await Expect(room.Locator(".override-now")).ToHaveTextAsync("none");
        console.AssertClean();
        Agent.AssertNoErrors();
    }

    [BrowserFact]
    public async Task A_refused_override_says_under_the_form_why_and_changes_nothing()
    {
        await using var console = await ConsolePage.OpenAsync(browser, Agent, "admin/services");
        var alice = console.Page.Locator("article[data-contact='meet.alice']");

        await alice.GetByLabel("Status").SelectOptionAsync("Away");
        await alice.GetByLabel("Until").FillAsync("2020-01-01T10:00");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Set override" }).ClickAsync();

        await Expect(alice.Locator(".form-result.bad .line")).ToContainTextAsync("until: 2020-01-01T10:00:00.0000000+00:00 has passed");
        await Expect(alice.Locator(".override-now")).ToHaveTextAsync("none");
        // The one problem is the 400 the page explained.
        Assert.True(console.Problems.All(p => p.Contains("400", StringComparison.Ordinal)), string.Join("\n", console.Problems));
        Assert.NotEmpty(console.Problems);
    }

    [BrowserFact]
    public async Task The_themes_page_shows_each_avatar_and_each_fault()
    {
        // The shipped pictures, a theme whose file is no picture, and a theme folder with no file.
        var themes = System.IO.Directory.CreateTempSubdirectory("pa-console-themes-").FullName;
        foreach (var theme in (string[])["default", "boardroom"])
        {
            System.IO.Directory.CreateDirectory(Path.Combine(themes, theme));
            File.Copy(Path.Combine(RepoPaths.Themes, theme, ThemeOptions.AvatarFileName), Path.Combine(themes, theme, ThemeOptions.AvatarFileName));
        }

        System.IO.Directory.CreateDirectory(Path.Combine(themes, "broken"));
        await File.WriteAllTextAsync(Path.Combine(themes, "broken", ThemeOptions.AvatarFileName), "not a picture at all");
        System.IO.Directory.CreateDirectory(Path.Combine(themes, "empty"));
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Themes:Folder"] = themes,
            ["Http:AvatarSelfCheck"] = "false",
            ["Services:2:Theme"] = "broken",
        });

        await using var console = await ConsolePage.OpenAsync(browser, agent, "admin/themes");
        var page = console.Page;

        await Expect(page.Locator("article.theme")).ToHaveCountAsync(4);
        Assert.Equal(["default", "boardroom", "broken", "empty"], await page.Locator("article.theme").EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.theme)"));
        foreach (var name in agent.App.Services.GetRequiredService<ThemeStore>().Themes)
        {
            var picture = page.Locator($"article[data-theme='{name}'] img.avatar:not(.fallback)");
            await Expect(picture).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"avatars/{name}\\.jpg\\?size=96"));
            await Expect(picture).ToHaveJSPropertyAsync("naturalWidth", 96);
        }

        var broken = page.Locator("article[data-theme='broken']");
        await Expect(broken).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("faulty"));
        await Expect(broken.Locator(".fault .badge")).ToHaveTextAsync(nameof(AvatarFault.UnsupportedFormat));
        await Expect(broken.Locator(".services")).ToContainTextAsync("Room 1");
        await Expect(broken.Locator("img.fallback")).ToHaveJSPropertyAsync("naturalWidth", 96);
        await Expect(page.Locator("article[data-theme='empty'] .fault .badge")).ToHaveTextAsync("Missing");
        await console.ScreenshotAsync("themes");
        console.AssertClean();
        agent.AssertNoErrors();
        System.IO.Directory.Delete(themes, recursive: true);
    }

    [BrowserFact]
    public async Task With_an_admin_token_the_console_asks_for_it_then_works()
    {
        const string token = "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0gH2jK4lZ8=";
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Http:AdminToken"] = token,
            ["Http:AvatarSelfCheck"] = "false",
        });
        await using var console = await ConsolePage.OpenAsync(browser, agent, "admin/services", waitForData: false);
        var page = console.Page;
        var signIn = page.Locator("#sign-in");
        await Expect(signIn).ToBeVisibleAsync();

        await page.GetByLabel("Admin token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await console.LoadedAsync();
        await Expect(signIn).ToBeHiddenAsync();
        await Expect(page.Locator("article.service")).ToHaveCountAsync(3);
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        // The one 401 is the page asking who it is talking to; nothing else went wrong.
        Assert.True(console.Problems.All(p => p.Contains("401", StringComparison.Ordinal)), string.Join("\n", console.Problems));
        agent.AssertNoErrors();
    }
}

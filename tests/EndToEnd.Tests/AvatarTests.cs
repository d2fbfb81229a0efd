using System.Net;
using System.Net.Http.Headers;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>The avatar a presence document links to, fetched from the running agent as a watcher would.</summary>
public sealed class AvatarTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    [Fact]
    public async Task Avatar_has_a_strong_etag_and_revalidates_with_304()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        var first = await http.GetAsync("avatars/boardroom.jpg");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType!.MediaType);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.NotNull(first.Headers.CacheControl?.MaxAge);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Themes, "boardroom", "presence_avatar_image.jpg")), bytes);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "avatars/boardroom.jpg");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        var second = await http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_theme_without_an_image_gets_the_default_image()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        var bytes = await http.GetByteArrayAsync("avatars/no-such-theme.jpg");
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Themes, "default", "presence_avatar_image.jpg")), bytes);
    }

    [Fact]
    public async Task Health_reports_ok()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        var body = await http.GetStringAsync("healthz");
        Assert.Contains("\"status\":\"ok\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_memory_reports_live_managed_bytes_and_allocation_counters()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        using var first = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("admin/memory"));
        using var second = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("admin/memory"));
        Assert.True(first.RootElement.GetProperty("managedBytes").GetInt64() > 0);

        // Every call forces a full collection, so the gen2 count moves; allocation only grows.
        Assert.True(second.RootElement.GetProperty("collections")[2].GetInt32() > first.RootElement.GetProperty("collections")[2].GetInt32());
        Assert.True(second.RootElement.GetProperty("allocatedBytes").GetInt64() >= first.RootElement.GetProperty("allocatedBytes").GetInt64());
    }

    [Fact]
    public async Task Admin_explains_which_rule_an_alias_matches()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        var body = await http.GetStringAsync("admin/rules/explain?alias=%2B4420712345678@vc.example.com");
        Assert.Contains("\"answeredBy\":\"rule pstn-gateway\"", body, StringComparison.Ordinal);
        Assert.Contains("4420712345678@pstn.example.com", body, StringComparison.Ordinal);
    }
}

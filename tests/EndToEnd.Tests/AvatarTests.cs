using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Themes;

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
        var served = fixture.Agent.App.Services.GetRequiredService<ThemeStore>().GetAvatar("boardroom");
        Assert.Equal(served.Default.Bytes.ToArray(), bytes);
        using (var image = SixLabors.ImageSharp.Image.Load(bytes))
        {
            Assert.Equal((96, 96), (image.Width, image.Height));
        }

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
        Assert.Equal(await http.GetByteArrayAsync("avatars/default.jpg"), bytes);
        Assert.NotEqual(await http.GetByteArrayAsync("avatars/boardroom.jpg"), bytes);
    }

    [Fact]
    public async Task Health_reports_ok()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        var body = await http.GetStringAsync("healthz");
        Assert.Contains("\"status\":\"ok\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_memory_reads_without_collecting_and_collects_on_request()
    {
        using var http = new HttpClient { BaseAddress = fixture.Agent.HttpBase };
        using var plain = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("admin/memory"));
        Assert.False(plain.RootElement.GetProperty("collected").GetBoolean());
        Assert.True(plain.RootElement.GetProperty("managedBytes").GetInt64() > 0);

        // A forced collection moves the gen2 count (ForcedCollectionsTests covers the once-a-second limit).
        var gen2Before = plain.RootElement.GetProperty("collections")[2].GetInt32();
        using var collected = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("admin/memory?collect=true"));
        using var after = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("admin/memory"));

        Assert.True(collected.RootElement.GetProperty("collected").GetBoolean());
        Assert.True(after.RootElement.GetProperty("collections")[2].GetInt32() > gen2Before);
        Assert.True(after.RootElement.GetProperty("allocatedBytes").GetInt64() >= plain.RootElement.GetProperty("allocatedBytes").GetInt64());
    }
}

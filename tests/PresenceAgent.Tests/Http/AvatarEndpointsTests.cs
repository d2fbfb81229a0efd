using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PresenceAgent.Tests.Http;

public sealed class AvatarEndpointsTests(AvatarServer server) : IClassFixture<AvatarServer>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Get_returns_the_image_with_cache_headers()
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/boardroom.jpg", UriKind.Relative));
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Avatar avatar = server.Store.GetAvatar("boardroom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(avatar.Default.Bytes.ToArray(), body);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(avatar.Default.ETag, response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(avatar.LastModified, response.Content.Headers.LastModified);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl.MaxAge);
        Assert.Equal("public, max-age=3600", string.Join(", ", response.Headers.GetValues("Cache-Control")));
    }

    [Fact]
    public async Task Theme_names_with_dots_are_served()
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/team.v2.jpg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Store.GetAvatar("team.v2").Default.ETag, response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("\"other\",W/{0} , \"more\"")]
    [InlineData("*")]
    public async Task Matching_if_none_match_gets_304_without_body(string headerFormat)
    {
        string eTag = server.Store.GetAvatar("boardroom").Default.ETag;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/avatars/boardroom.jpg", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, headerFormat, eTag));

        using HttpResponseMessage response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(eTag, response.Headers.ETag?.Tag);
        Assert.True(response.Headers.CacheControl!.Public);
    }

    [Theory]
    [InlineData("\"0123456789abcdef\"")]
    [InlineData("W/\"other\", \"still-other\"")]
    [InlineData("not-a-valid-tag")]
    public async Task Mismatched_if_none_match_gets_the_image(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/avatars/boardroom.jpg", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-None-Match", header);

        using HttpResponseMessage response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Store.GetAvatar("boardroom").Default.Bytes.ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_modified_since_is_honoured_without_if_none_match()
    {
        DateTimeOffset lastModified = server.Store.GetAvatar("boardroom").LastModified;

        using var later = new HttpRequestMessage(HttpMethod.Get, new Uri("/avatars/boardroom.jpg", UriKind.Relative));
        later.Headers.IfModifiedSince = lastModified;
        using HttpResponseMessage notModified = await _client.SendAsync(later);

        using var earlier = new HttpRequestMessage(HttpMethod.Get, new Uri("/avatars/boardroom.jpg", UriKind.Relative));
        earlier.Headers.IfModifiedSince = lastModified.AddSeconds(-1);
        using HttpResponseMessage modified = await _client.SendAsync(earlier);

        using var both = new HttpRequestMessage(HttpMethod.Get, new Uri("/avatars/boardroom.jpg", UriKind.Relative));
        both.Headers.IfModifiedSince = lastModified;
        both.Headers.TryAddWithoutValidation("If-None-Match", "\"other\"");
        using HttpResponseMessage tagWins = await _client.SendAsync(both);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tagWins.StatusCode);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("broken")]
    [InlineData("DEFAULT")]
    public async Task Unknown_or_unusable_theme_gets_the_default_image(string theme)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri($"/avatars/{theme}.jpg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Store.DefaultAvatar.Default.Bytes.ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(server.Store.DefaultAvatar.Default.ETag, response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("/avatars/..%2Fdefault.jpg")]
    [InlineData("/avatars/..%2F..%2Fetc%2Fpasswd.jpg")]
    [InlineData("/avatars/%2E%2E%5Cdefault.jpg")]
    [InlineData("/avatars/.hidden.jpg")]
    [InlineData("/avatars/a%20b.jpg")]
    [InlineData("/avatars/caf%C3%A9.jpg")]
    [InlineData("/avatars/.jpg")]
    [InlineData("/avatars/../default.jpg")]
    [InlineData("/avatars/default.png")]
    public async Task Names_that_are_not_theme_names_get_404(string path)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Nul_in_a_name_is_refused_by_kestrel_before_routing()
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/x%00y.jpg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Rejected_names_are_logged_at_debug_escaped()
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/bad%0Aname.jpg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        CollectedLog entry = Assert.Single(server.Logs.Entries, e => e.EventId.Id == 5110 && e.Message.Contains("bad", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Contains("bad\\u000aname", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_returns_headers_without_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/avatars/boardroom.jpg", UriKind.Relative));

        using HttpResponseMessage response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Store.GetAvatar("boardroom").Default.Bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("", 96)]
    [InlineData("?size=48", 48)]
    [InlineData("?size=96", 96)]
    [InlineData("?size=648", 128)] // the shipped picture is 128 px: never enlarged
    [InlineData("?v=3&size=48", 48)]
    public async Task Each_size_is_its_own_square_jpeg_with_its_own_etag(string query, int side)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/boardroom.jpg" + query, UriKind.Relative));
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Image.Load<Rgb24>(body);
        Assert.Equal((side, side), (image.Width, image.Height));
        AvatarRendition rendition = server.Store.GetAvatar("boardroom").Rendition(query.Contains("648", StringComparison.Ordinal) ? 648 : side);
        Assert.Equal(rendition.ETag, response.Headers.ETag?.Tag);
        Assert.Equal(rendition.Bytes.ToArray(), body);
    }

    [Fact]
    public async Task Sizes_have_distinct_etags_so_one_never_validates_another()
    {
        Avatar avatar = server.Store.GetAvatar("boardroom");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/avatars/boardroom.jpg?size=48", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-None-Match", avatar.Default.ETag);

        using HttpResponseMessage response = await _client.SendAsync(request);

        Assert.Equal(3, avatar.Renditions.Select(r => r.ETag).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(avatar.Rendition(48).ETag, response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("?size=100")]
    [InlineData("?size=")]
    [InlineData("?size=+96")]
    [InlineData("?size=96&size=48")]
    [InlineData("?size=99999999999999999999")]
    public async Task A_size_we_do_not_make_gets_400_naming_the_sizes(string query)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/boardroom.jpg" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("48, 96, 648", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_methods_are_not_allowed()
    {
        using var content = new ByteArrayContent([1, 2, 3]);
        using HttpResponseMessage response = await _client.PostAsync(new Uri("/avatars/boardroom.jpg", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Serving_logs_no_errors()
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/avatars/default.jpg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(server.Logs.Entries, e => e.EventId.Id == 5103 && e.Message.Contains("broken", StringComparison.Ordinal));
    }
}

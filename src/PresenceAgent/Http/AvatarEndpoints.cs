using System.Text;
using PresenceAgent.Themes;

namespace PresenceAgent.Http;

/// <summary>
/// Serves theme avatars at <c>GET|HEAD /avatars/{theme}.jpg</c> for the CIPID icon URL
/// (RFC 4482 §3.4), in the 96 px square the link gives, or 48 or 648 with <c>?size=</c>. Watchers
/// fetch it without credentials and cache it, so responses are public, validated by a strong ETag
/// per size, and answered from memory.
/// </summary>
internal static class AvatarEndpoints
{
    public const string RoutePattern = "/avatars/{theme}.jpg";

    /// <summary>An hour: clients re-check cheaply with If-None-Match, and a new image shows the same day.</summary>
    public const string CacheControl = "public, max-age=3600";

    /// <summary>The query parameter that picks a size; other parameters are ignored, as clients may add their own.</summary>
    public const string SizeParameter = "size";

    private const int MaxLoggedNameLength = 64;

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Maps the avatar route; needs <see cref="ThemeStore"/> registered (AddThemes).</summary>
    public static IEndpointConventionBuilder MapAvatarEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ILogger logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>()
            .CreateLogger(typeof(AvatarEndpoints).FullName!);
        return endpoints.MapMethods(RoutePattern, Methods, context => ServeAsync(context, logger));
    }

    private static Task ServeAsync(HttpContext context, ILogger logger)
    {
        string theme = context.GetRouteValue("theme") as string ?? string.Empty;
        HttpResponse response = context.Response;
        if (!ThemeName.IsValid(theme))
        {
            // Not a name any theme can have ("..", separators, odd characters): nothing to serve.
            logger.AvatarNameRejected(context.Connection.RemoteIpAddress?.ToString(), ForLog(theme));
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        // A size we do not make is a client's mistake to see, not a picture to guess: 400, naming the sizes there are.
        int size = AvatarSizes.Default;
        var sizes = context.Request.Query[SizeParameter];
        if (sizes.Count > 0 && (sizes.Count > 1 || !AvatarSizes.TryParse(sizes[0], out size)))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync($"size must be one of {string.Join(", ", AvatarSizes.All)} (default {AvatarSizes.Default})\n", context.RequestAborted);
        }

        ThemeStore store = context.RequestServices.GetRequiredService<ThemeStore>();
        if (!store.TryGetAvatar(theme, out Avatar? avatar))
        {
            // The designers' rule: a service without (a usable) theme shows the default image.
            logger.AvatarThemeUnknown(theme);
            avatar = store.DefaultAvatar;
        }

        // RFC 9110 §15.4.5: a 304 carries the validators and cache headers a 200 would have.
        AvatarRendition rendition = avatar.Rendition(size);
        IHeaderDictionary headers = response.Headers;
        headers.ETag = rendition.ETag;
        headers.LastModified = avatar.LastModifiedHeader;
        headers.CacheControl = CacheControl;

        IHeaderDictionary request = context.Request.Headers;
        bool notModified = request.IfNoneMatch.Count > 0
            ? EntityTagMatch.IfNoneMatchHits(request.IfNoneMatch, rendition.ETag)
            : EntityTagMatch.NotModifiedSince(request.IfModifiedSince, avatar.LastModified);
        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "image/jpeg";
        response.ContentLength = rendition.Bytes.Length;
        headers.XContentTypeOptions = "nosniff";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(rendition.Bytes, context.RequestAborted).AsTask();
    }

    // The name is peer input: log it escaped and short, never raw.
    private static string ForLog(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxLoggedNameLength) + 8);
        foreach (char c in value.AsSpan(0, Math.Min(value.Length, MaxLoggedNameLength)))
        {
            if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return value.Length > MaxLoggedNameLength ? builder.Append('…').ToString() : builder.ToString();
    }
}

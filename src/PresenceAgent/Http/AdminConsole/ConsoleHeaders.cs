namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// Security headers on every response under <c>/admin</c>, pages, scripts, JSON and refusals alike. The policy allows
/// scripts, styles, images and requests from the agent itself only, and no inline script or style at all, so text from
/// the agent's data (a service's name, a note a publisher sent, a rule) can never run even if a page put it in the
/// wrong place; the pages set every value through <c>textContent</c> anyway. No page may be framed (clickjacking of
/// the override form). JSON and refusals are not stored by caches: they describe the dial plan.
/// </summary>
internal static class ConsoleHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string Prefix = "/admin";

    public static IApplicationBuilder UseAdminSecurityHeaders(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), admin => admin.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                Apply(((HttpResponse)state).Headers);
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        }));

    internal static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // frame-ancestors says it for current browsers; X-Frame-Options for those that predate it.
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }
}

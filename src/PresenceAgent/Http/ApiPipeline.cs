using Microsoft.AspNetCore.Http.HttpResults;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http;

/// <summary>
/// What every request under <c>/api</c> meets before any endpoint, mapped or not, except the event sink, which the host
/// maps before this with credentials of its own (a conference node's, which open nothing else): <see cref="ApiAccess"/> (so nobody
/// unauthenticated learns which paths exist or gets a body read), and error statuses without a body (a path that
/// names no endpoint, a method it does not have, a body Kestrel refused) turned into problem documents. Each refusal
/// is logged at Debug with the client's address.
/// </summary>
internal static class ApiPipeline
{
    public static IApplicationBuilder UseApi(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var http = services.GetRequiredService<HttpOptions>();
        var access = services.GetRequiredService<ApiAccess>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiPipeline).FullName!);
        if (!access.HasToken && !AdminAccess.IsLoopbackOnly(http.Urls))
        {
            ApiLog.LoopbackOnly(logger, http.Urls);
        }

        return app.UseWhen(c => c.Request.Path.StartsWithSegments(ApiGroup.Prefix), api => api
            .UseStatusCodePages(async pages =>
            {
                var context = pages.HttpContext;
                var problem = ApiProblems.Status(context.Response.StatusCode, context.Response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => "No API endpoint has this path; the API document is at " + ApiDocument.Path + ".",
                    StatusCodes.Status405MethodNotAllowed => "The endpoint does not take this method; Allow lists those it takes.",
                    StatusCodes.Status413PayloadTooLarge => "The body is larger than Http:ApiMaxBodyBytes.",
                    StatusCodes.Status415UnsupportedMediaType => JsonBody.NotJson,
                    _ => "The request could not be read.",
                });
                LogRefused(logger, context, problem);
                await problem.ExecuteAsync(context).ConfigureAwait(false);
            })
            .Use(async (context, next) =>
            {
                if (access.Refusal(context) is { } refusal)
                {
                    LogRefused(logger, context, refusal);
                    await refusal.ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            }));
    }

    /// <summary>The client as logs name it: its address (a proxy's, behind one).</summary>
    public static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address";

    public static void LogRefused(ILogger logger, HttpContext context, ProblemHttpResult problem) =>
        ApiLog.Refused(logger, SipFailure.Sanitize(context.Request.Method), SipFailure.Sanitize(context.Request.Path.Value), Client(context), problem.StatusCode,
            SipFailure.Sanitize(problem.ProblemDetails.Detail));
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace PresenceAgent.Http;

/// <summary>
/// The route group every <c>/api</c> endpoint is mapped on, so each gets the same conventions without repeating them:
/// the body limit (Http:ApiMaxBodyBytes, enforced by Kestrel once routing picked the endpoint), a Debug line for every
/// problem an endpoint answers, and the 401 and 403 of <see cref="ApiAccess"/> in the API document. Map an endpoint file
/// on it (<c>api.MapPresenceEndpoints()</c>), read bodies with <see cref="JsonBody"/>, answer with
/// <see cref="ApiJson.Options"/> and <see cref="ApiProblems"/>: the API document then lists it with the others.
/// </summary>
internal static class ApiGroup
{
    public const string Prefix = "/api";

    public static RouteGroupBuilder MapPresenceApi(this IEndpointRouteBuilder app)
    {
        var http = app.ServiceProvider.GetRequiredService<HttpOptions>();
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiGroup).FullName!);
        var api = app.MapGroup(Prefix);
        api.WithMetadata(new BodySizeLimit(http.ApiMaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context).ConfigureAwait(false);
                if (result is ProblemHttpResult problem)
                {
                    ApiPipeline.LogRefused(logger, context.HttpContext, problem);
                }

                return result;
            });
        return api;
    }

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}

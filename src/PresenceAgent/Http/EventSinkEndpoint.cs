using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using PresenceAgent.Logging;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Presence.Occupancy.EventSink;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http;

/// <summary>
/// <c>POST /api/eventsink</c>, where Pexip Infinity's conferencing nodes post their event sink events. It is answered
/// before the API pipeline: the platform's event sink is configured with a user name and password of its own
/// (EventSink:Username, Password) that let it do nothing else, where Http:ApiToken would let it change any presence.
/// Errors are the API's problem documents; each refusal is counted and logged, sampled per address.
/// </summary>
internal static class EventSinkEndpoint
{
    public const string Path = "/api/eventsink";

    /// <summary>RFC 7617 §2: the realm the platform is asked to authenticate for, in UTF-8.</summary>
    private const string Challenge = "Basic realm=\"PresenceAgent event sink\", charset=\"UTF-8\"";

    public static IApplicationBuilder UseEventSink(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var http = services.GetRequiredService<HttpOptions>();
        var options = services.GetRequiredService<EventSinkOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EventSinkEndpoint).FullName!);
        var sink = new Sink(EventSinkCredentials.For(options), options.MaxBodyBytes, services.GetRequiredService<EventSinkQueue>(),
            services.GetRequiredService<EventSinkCounters>(), services.GetRequiredService<PeerLogSampler>(), logger);
        if (sink.Credentials is null && !AdminAccess.IsLoopbackOnly(http.Urls))
        {
            OccupancyLog.LoopbackOnly(logger, http.Urls);
        }

        return app.MapWhen(context => context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase), branch => branch.Run(async context =>
        {
            IResult result;
            if (HttpMethods.IsPost(context.Request.Method))
            {
                result = await ReceiveAsync(context, sink).ConfigureAwait(false);
            }
            else
            {
                context.Response.Headers.Allow = HttpMethods.Post;
                result = ApiProblems.Status(StatusCodes.Status405MethodNotAllowed, "The event sink takes POST only.");
            }

            await result.ExecuteAsync(context).ConfigureAwait(false);
        }));
    }

    /// <summary>
    /// Checks who sends, then the size and the event, queues it and answers 202 at once: the platform sends one event at
    /// a time and waits for each answer. A full queue answers 503 with Retry-After, so the platform sends it again.
    /// </summary>
    private static async Task<IResult> ReceiveAsync(HttpContext context, Sink sink)
    {
        var address = context.Connection.RemoteIpAddress;
        var peer = ApiPipeline.Client(context);
        if (sink.Credentials is null)
        {
            if (address is null || !IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
            {
                sink.Counters.Rejected();
                if (sink.Sampler.ShouldLog(OccupancyLog.ForbiddenId, peer, out var suppressed))
                {
                    OccupancyLog.Forbidden(sink.Logger, peer, suppressed);
                }

                return ApiProblems.Status(StatusCodes.Status403Forbidden,
                    "EventSink:Username and EventSink:Password are not set, so the event sink takes loopback callers only.");
            }
        }
        else if (!sink.Credentials.Accepts(context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null))
        {
            sink.Counters.Rejected();
            var reason = context.Request.Headers.Authorization.Count == 0 ? "no credentials" : "wrong credentials";
            if (sink.Sampler.ShouldLog(OccupancyLog.UnauthorizedId, peer, out var suppressed))
            {
                OccupancyLog.Unauthorized(sink.Logger, peer, reason, suppressed);
            }

            context.Response.Headers.WWWAuthenticate = Challenge;
            return ApiProblems.Status(StatusCodes.Status401Unauthorized,
                $"{reason}: send the event sink's user name and password (EventSink:Username, Password) with HTTP basic authentication.");
        }

        var body = await ReadBoundedAsync(context.Request, sink.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return sink.Refuse(peer, ApiProblems.Status(StatusCodes.Status413PayloadTooLarge,
                $"The event is larger than EventSink:MaxBodyBytes ({sink.MaxBodyBytes} bytes)."), ApiProblems.Body, "too large");
        }

        if (!SinkEventParser.TryParse(body, out var e, out var error))
        {
            return sink.Refuse(peer, ApiProblems.Invalid(error.Field, error.Message), error.Field, error.Message);
        }

        if (!sink.Queue.TryEnqueue(e))
        {
            sink.Counters.QueueFull();
            if (sink.Sampler.ShouldLog(OccupancyLog.QueueFullId, peer, out var suppressed))
            {
                OccupancyLog.QueueFull(sink.Logger, sink.Queue.Capacity, peer, suppressed);
            }

            context.Response.Headers.RetryAfter = "1";
            return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "The event queue is full and the event was not taken; send it again.");
        }

        return Results.Accepted();
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> (said by Content-Length, or found reading).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>What the endpoint needs, resolved once.</summary>
    private sealed record Sink(EventSinkCredentials? Credentials, int MaxBodyBytes, EventSinkQueue Queue, EventSinkCounters Counters,
        PeerLogSampler Sampler, ILogger Logger)
    {
        /// <summary>A refused event: counted, logged (sampled per address), answered with <paramref name="problem"/>.</summary>
        public ProblemHttpResult Refuse(string peer, ProblemHttpResult problem, string field, string reason)
        {
            Counters.Rejected();
            if (Sampler.ShouldLog(OccupancyLog.EventRefusedId, peer, out var suppressed))
            {
                OccupancyLog.EventRefused(Logger, peer, problem.StatusCode, SipFailure.Sanitize(field), SipFailure.Sanitize(reason), suppressed);
            }

            return problem;
        }
    }
}

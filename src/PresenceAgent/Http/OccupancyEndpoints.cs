using System.Buffers;
using System.Net;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Sip.Messages;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace PresenceAgent.Http;

/// <summary>
/// The occupancy sources over HTTP: <c>POST /api/eventsink</c>, where Pexip Infinity's conferencing nodes post their
/// event sink events, and <c>PUT /api/services/{alias}/occupancy</c> for other platforms. Errors are problem details
/// (RFC 9457) naming the field at fault, each with a log line sampled per caller.
/// </summary>
internal static class OccupancyEndpoints
{
    /// <summary>The occupancy document is two fields; 1 KiB leaves room for any whitespace around them.</summary>
    private const int MaxOccupancyBodyBytes = 1024;

    /// <summary>RFC 7617 §2: the realm the platform is asked to authenticate for, in UTF-8.</summary>
    private const string Challenge = "Basic realm=\"PresenceAgent event sink\", charset=\"UTF-8\"";

    public static IEndpointRouteBuilder MapOccupancyEndpoints(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var http = services.GetRequiredService<HttpOptions>();
        var options = services.GetRequiredService<EventSinkOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OccupancyEndpoints).FullName!);
        var sink = new Sink(EventSinkCredentials.For(options), options.MaxBodyBytes, services.GetRequiredService<EventSinkQueue>(),
            services.GetRequiredService<EventSinkCounters>(), services.GetRequiredService<PeerLogSampler>(), logger);
        if (sink.Credentials is null && !AdminAccess.IsLoopbackOnly(http.Urls))
        {
            OccupancyLog.LoopbackOnly(logger, http.Urls);
        }

        app.MapPost("/api/eventsink", (Func<HttpContext, Task<IResult>>)(context => ReceiveEventAsync(context, sink)));

        // Guarded as the admin endpoints are, in this one place, until the admin API's own credentials take over.
        var access = AdminAccess.For(http);
        app.MapPut("/api/services/{alias}/occupancy",
                (HttpContext context, string alias, TypedAliasResolver aliases, OccupancyTracker tracker, LivePresence live, PeerLogSampler sampler) =>
                    PutOccupancyAsync(context, alias, aliases, tracker, live, sampler, logger))
            .AddEndpointFilter(async (context, next) => access.Refusal(context.HttpContext) ?? await next(context));
        return app;
    }

    /// <summary>
    /// Checks who sends, then the size and the event, queues it and answers 202 at once: the platform sends one event at
    /// a time and waits for each answer. A full queue answers 503 with Retry-After, so the platform sends it again.
    /// </summary>
    private static async Task<IResult> ReceiveEventAsync(HttpContext context, Sink sink)
    {
        var address = context.Connection.RemoteIpAddress;
        var peer = address?.ToString() ?? "unknown";
        if (sink.Credentials is null)
        {
            if (address is null || !IPAddress.IsLoopback(address))
            {
                sink.Counters.Rejected();
                if (sink.Sampler.ShouldLog(OccupancyLog.ForbiddenId, peer, out var suppressed))
                {
                    OccupancyLog.Forbidden(sink.Logger, peer, suppressed);
                }

                return Problem(StatusCodes.Status403Forbidden, "Event sink closed to this address",
                    "EventSink:Username and EventSink:Password are not set, so only loopback callers are let in.");
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
            return Problem(StatusCodes.Status401Unauthorized, "Event sink credentials required",
                $"{reason}: send the event sink's user name and password with HTTP basic authentication.");
        }

        var body = await ReadBoundedAsync(context.Request, sink.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return sink.Refuse(peer, StatusCodes.Status413PayloadTooLarge, "(body)", $"larger than EventSink:MaxBodyBytes ({sink.MaxBodyBytes} bytes)");
        }

        if (!SinkEventParser.TryParse(body.Value, out var e, out var error))
        {
            return sink.Refuse(peer, StatusCodes.Status400BadRequest, error.Field, error.Message);
        }

        if (!sink.Queue.TryEnqueue(e))
        {
            sink.Counters.QueueFull();
            if (sink.Sampler.ShouldLog(OccupancyLog.QueueFullId, peer, out var suppressed))
            {
                OccupancyLog.QueueFull(sink.Logger, sink.Queue.Capacity, peer, suppressed);
            }

            context.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Event queue full", "The event was not taken; send it again.");
        }

        return Results.Accepted();
    }

    /// <summary>Sets what the API says of the service's conference, and answers with the service's occupancy and state.</summary>
    private static async Task<IResult> PutOccupancyAsync(HttpContext context, string alias, TypedAliasResolver aliases, OccupancyTracker tracker,
        LivePresence live, PeerLogSampler sampler, ILogger logger)
    {
        var peer = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        IResult Refuse(int status, string title, string field, string detail)
        {
            if (sampler.ShouldLog(OccupancyLog.RequestRefusedId, peer, out var suppressed))
            {
                OccupancyLog.RequestRefused(logger, peer, status, $"{field}: {SipFailure.Sanitize(detail)}", suppressed);
            }

            return Problem(status, title, $"{field}: {detail}", field);
        }

        var service = aliases.Resolve(alias);
        if (service is null || service.Kind == ContactKind.Gateway)
        {
            return Refuse(StatusCodes.Status404NotFound, "No such service", "alias", service is null
                ? $"'{SipFailure.Sanitize(alias)}' names no service (a bare alias is taken in the first of Sip:Domains)"
                : $"'{SipFailure.Sanitize(alias)}' is a gateway contact; occupancy is kept for services only");
        }

        var body = await ReadBoundedAsync(context.Request, MaxOccupancyBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "Document too large", "(body)", $"larger than {MaxOccupancyBodyBytes} bytes");
        }

        if (!OccupancyDocument.TryParse(body.Value, out var given, out var error))
        {
            return Refuse(StatusCodes.Status400BadRequest, "Invalid occupancy", error.Field, error.Message);
        }

        var total = tracker.SetCounted(service, given, "occupancy API");
        OccupancyLog.Set(logger, SipFailure.Sanitize(service.Key), given.ToString(), total.ToString());
        var shown = live.Current(service);
        return Results.Json(new
        {
            service = service.Key,
            participants = total.Participants,
            locked = total.Locked,
            state = (tracker.Rule.StateFor(service, total) ?? service.DefaultState).Id,
            shown = shown.State.Id,
            decidedBy = shown.Source.ToString(),
        });
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> (said by Content-Length, or found reading).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken cancellationToken)
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

    private static IResult Problem(int status, string title, string detail, string? field = null) =>
        Results.Problem(detail, statusCode: status, title: title,
            extensions: field is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = field });

    /// <summary>What the event sink endpoint needs, resolved once.</summary>
    private sealed record Sink(EventSinkCredentials? Credentials, int MaxBodyBytes, EventSinkQueue Queue, EventSinkCounters Counters,
        PeerLogSampler Sampler, ILogger Logger)
    {
        /// <summary>A refused event: counted, logged (sampled per address), answered with the field at fault.</summary>
        public IResult Refuse(string peer, int status, string field, string reason)
        {
            Counters.Rejected();
            if (Sampler.ShouldLog(OccupancyLog.EventRefusedId, peer, out var suppressed))
            {
                OccupancyLog.EventRefused(Logger, peer, status, field, SipFailure.Sanitize(reason), suppressed);
            }

            return Problem(status, status == StatusCodes.Status413PayloadTooLarge ? "Event too large" : "Invalid event", $"{field}: {reason}", field);
        }
    }
}

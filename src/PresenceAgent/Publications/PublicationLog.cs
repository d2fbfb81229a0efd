namespace PresenceAgent.Publications;

/// <summary>
/// Publication events, ids 7200–7299. Names are stable: dashboards filter on them. Every string from a peer (aliases,
/// reasons read from its body) arrives here cut and escaped; events a stranger can repeat at will are sampled per
/// source (the <c>Suppressed</c> count says how many were left out). Each change a publication makes to what a contact
/// shows is logged by live presence as a transition.
/// </summary>
internal static partial class PublicationLog
{
    public const int ForbiddenId = 7201;
    public const int RefusedByLimitId = 7202;

    [LoggerMessage(EventId = 7200, EventName = "PublishOutcome", Level = LogLevel.Debug,
        Message = "PUBLISH {Alias} from {Source} ({Publisher}): {Status} {Result}")]
    public static partial void PublishOutcome(ILogger logger, string alias, string source, string publisher, int status, string result);

    [LoggerMessage(EventId = ForbiddenId, EventName = "PublishForbidden", Level = LogLevel.Debug,
        Message = "PUBLISH from {Source} over {Protocol} refused with 403: not a configured publisher (Publications:Publishers); {Suppressed} more such from it left out since the last")]
    public static partial void Forbidden(ILogger logger, string source, string protocol, int suppressed);

    [LoggerMessage(EventId = RefusedByLimitId, EventName = "PublishRefusedByLimit", Level = LogLevel.Warning,
        Message = "PUBLISH {Alias} from {Source} ({Publisher}) refused with {Status}: over {Limit} ({Value}); {Suppressed} more such refusals of this source left out since the last")]
    public static partial void RefusedByLimit(ILogger logger, string alias, string source, string publisher, int status, string limit, int value,
        int suppressed);

    [LoggerMessage(EventId = 7203, EventName = "PublicationExpired", Level = LogLevel.Information,
        Message = "Publication for {Alias} by {Publisher} expired without a refresh; {Left} left for the contact")]
    public static partial void Expired(ILogger logger, string alias, string publisher, int left);

    [LoggerMessage(EventId = 7204, EventName = "PublicationExpiryFailed", Level = LogLevel.Error,
        Message = "Expiring a publication for {Alias} failed; the others expire as due")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception, string alias);
}

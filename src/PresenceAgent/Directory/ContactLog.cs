namespace PresenceAgent.Directory;

/// <summary>Alias resolution events, ids 4000–4999 (rules). Names are stable: dashboards filter on them.</summary>
internal static partial class ContactLog
{
    [LoggerMessage(EventId = 4000, EventName = "RuleMatchTimedOut", Level = LogLevel.Warning,
        Message = "Routing rule '{Rule}' hit its match timeout on an alias of {Length} characters; it counted as no match. Rewrite it so it runs on the linear-time engine.")]
    public static partial void RuleMatchTimedOut(ILogger logger, string rule, int length);
}

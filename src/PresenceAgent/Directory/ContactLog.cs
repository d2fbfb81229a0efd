namespace PresenceAgent.Directory;

/// <summary>Alias resolution events, ids 4000–4999 (rules). Names are stable: dashboards filter on them.</summary>
internal static partial class ContactLog
{
    public const int RuleMatchTimedOutId = 4000;

    /// <summary>Any peer can send aliases that make a backtracking rule time out, so this is sampled per rule.</summary>
    [LoggerMessage(EventId = RuleMatchTimedOutId, EventName = "RuleMatchTimedOut", Level = LogLevel.Warning,
        Message = "Routing rule '{Rule}' hit its match timeout on an alias of {Length} characters; it counted as no match. Rewrite it so it runs on the linear-time engine. ({Suppressed} more timeouts of this rule left out since the last)")]
    public static partial void RuleMatchTimedOut(ILogger logger, string rule, int length, int suppressed);
}

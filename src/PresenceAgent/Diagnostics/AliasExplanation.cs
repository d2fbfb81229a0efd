using PresenceAgent.RoutingRules;

namespace PresenceAgent.Diagnostics;

/// <summary>
/// What the agent does with one alias, as the HTTP admin endpoint and the command line both show it: who answers, each
/// rule's verdict on the same <c>user@host</c>, and the documents a watcher would get.
/// </summary>
internal sealed record AliasExplanation
{
    /// <summary>The alias as the admin typed it.</summary>
    public required string Typed { get; init; }

    /// <summary>The URI looked up (<c>sip:user@host</c>), or null when the text is not an alias.</summary>
    public string? Uri { get; init; }

    /// <summary>The served domain a bare <c>user</c> was taken in (the first of Sip:Domains); null when one was typed.</summary>
    public string? AssumedDomain { get; init; }

    public required AliasAnswer Answer { get; init; }

    /// <summary>The SUBSCRIBE's final status: 200 when something answers, else 404 (400 for text that is no alias).</summary>
    public int SubscribeStatus => Answer switch
    {
        AliasAnswer.NotAnAlias => 400,
        AliasAnswer.DomainNotServed or AliasAnswer.NoPresence => 404,
        _ => 200,
    };

    /// <summary>The name watchers see for the contact that answers (a service's Name, a gateway alias's user); null when none does.</summary>
    public string? ContactName { get; init; }

    /// <summary>One sentence for the admin.</summary>
    public required string Summary { get; init; }

    /// <summary>The routing rules' outcome on <see cref="Uri"/>'s <c>user@host</c>; null when no rule ran.</summary>
    public RoutingOutcome? RuleOutcome { get; init; }

    public IReadOnlyList<RuleVerdict> Rules { get; init; } = [];

    /// <summary>A list's members in order, each explained as a watcher of the list sees it.</summary>
    public IReadOnlyList<AliasExplanation> Members { get; init; } = [];

    /// <summary>The NOTIFY body a watcher gets, in each format the agent writes (none for a list or a 404).</summary>
    public IReadOnlyList<WatcherDocument> Documents { get; init; } = [];
}

/// <summary>One rule's verdict on an alias, and how long the rule took on it.</summary>
internal sealed record RuleVerdict(string Name, bool Enabled, bool Matched, bool TimedOut, string? Destination, bool Winner, TimeSpan Elapsed);

/// <summary>A presence document as a watcher receives it: its Content-Type and its text.</summary>
internal sealed record WatcherDocument(string ContentType, string Body);

namespace PresenceAgent.Reload;

/// <summary>
/// One configuration reload: when, why, how it ended, every error with its key when it was rejected, the changed keys
/// that wait for a restart, and what changed for watchers.
/// </summary>
internal sealed record ReloadReport(DateTimeOffset Time, ReloadTrigger Trigger, ReloadResult Result)
{
    /// <summary>Each fault as validation words it, its key first (<c>RoutingRules:Rules:2:Match: …</c>); empty unless rejected.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>
    /// Keys whose value differs from the configuration the agent started with and that only a restart applies
    /// (listeners, certificate paths, HTTP URLs…); reported with every reload until the agent restarts.
    /// </summary>
    public IReadOnlyList<string> RestartRequired { get; init; } = [];

    /// <summary>Services (by key, their first alias) new in the configuration applied.</summary>
    public IReadOnlyList<string> ServicesAdded { get; init; } = [];

    /// <summary>Services no alias of which names a service any more.</summary>
    public IReadOnlyList<string> ServicesRemoved { get; init; } = [];

    /// <summary>Services whose documents read otherwise.</summary>
    public IReadOnlyList<string> ServicesChanged { get; init; } = [];

    /// <summary>Subscriptions sent a NOTIFY because their document changed.</summary>
    public int Notified { get; init; }

    /// <summary>Subscriptions ended with <c>terminated;reason=noresource</c>: their alias or list names nothing any more.</summary>
    public int Terminated { get; init; }

    /// <summary>The key each error names: the part before its first <c>": "</c> (a file's path for a file that is not JSON).</summary>
    public IEnumerable<string> ErrorKeys => Errors.Select(KeyOf);

    public static string KeyOf(string error) => error.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? error[..colon] : error;
}

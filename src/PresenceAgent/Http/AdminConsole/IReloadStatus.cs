namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// What the admin console's dashboard shows of configuration reloads (issue 11, section 1), implemented by the reload
/// feature (<c>Configuration/ConsoleReloadStatus</c>); the dashboard reads <see cref="Current"/> on every refresh (every
/// few seconds while a console is open), so it must be cheap and thread-safe: hand out an immutable report swapped whole.
/// </summary>
internal interface IReloadStatus
{
    ReloadStatus Current { get; }
}

/// <summary>The configuration reload as the dashboard shows it.</summary>
/// <param name="Supported">Whether the agent can reload at all; false until the reload feature is there.</param>
/// <param name="LoadedAt">When the configuration in force was loaded: at start, or by the last reload applied.</param>
/// <param name="Last">The last reload tried since start, applied or rejected; null when none was.</param>
/// <param name="Summary">One sentence for the admin, shown as it is (say what happened and what to do).</param>
internal sealed record ReloadStatus(bool Supported, DateTimeOffset LoadedAt, ReloadAttempt? Last, string Summary);

/// <summary>One reload tried.</summary>
/// <param name="At">When.</param>
/// <param name="Trigger">What started it, as the admin knows it: <c>file</c>, <c>SIGHUP</c>, <c>POST /admin/reload</c>.</param>
/// <param name="Applied">True when the new configuration is in force; false when it was rejected and the old one stays.</param>
/// <param name="Errors">Why it was rejected: every fault with its full key (<c>Services:0:Aliases:1</c>); empty when applied.</param>
/// <param name="NeedsRestart">Keys that changed but take effect only at the next start (listeners, certificate paths).</param>
internal sealed record ReloadAttempt(DateTimeOffset At, string Trigger, bool Applied, IReadOnlyList<ReloadIssue> Errors, IReadOnlyList<string> NeedsRestart);

/// <summary>One fault of a rejected configuration, as the validator reports it.</summary>
/// <param name="Key">The full configuration key at fault.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
internal sealed record ReloadIssue(string Key, string Message);

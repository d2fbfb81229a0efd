namespace PresenceAgent.Presence.Live;

/// <summary>A contact's presence as the admin API shows it: what it shows and why, its override, its last transitions.</summary>
internal sealed record PresenceReport(ShownPresence Shown, ManualOverride? Override, PresenceTransition[] History);

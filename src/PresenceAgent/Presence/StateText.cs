namespace PresenceAgent.Presence;

/// <summary>A state's activity text in one language ("In a meeting", "En réunion").</summary>
internal sealed record StateText(PresenceLanguage Language, string Text);

namespace PresenceAgent.Presence;

/// <summary>A status an admin defines: an id, the base status it counts as, and its text per language.</summary>
public sealed class CustomStatusOptions
{
    /// <summary>What services (DefaultStatus) and sources name it by, such as <c>closed-for-maintenance</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>Available, Busy, DoNotDisturb, BeRightBack, Away or Offline.</summary>
    public string Base { get; init; } = "";

    /// <summary>Activity text by language tag (<c>en-US</c>).</summary>
    public Dictionary<string, string> Texts { get; init; } = [];
}

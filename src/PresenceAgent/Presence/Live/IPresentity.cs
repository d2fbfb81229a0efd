namespace PresenceAgent.Presence.Live;

/// <summary>
/// What live presence needs of a contact, so the model does not depend on the directory that defines contacts (data
/// flows from the model to the directory, never back).
/// </summary>
internal interface IPresentity
{
    /// <summary>Names the presentity across lookups and reloads; compared ignoring case.</summary>
    string Key { get; }

    /// <summary>What it shows when no source has a state.</summary>
    PresenceState DefaultState { get; }

    /// <summary>Since when its data is what it is: the timestamp of its default documents.</summary>
    DateTimeOffset Since { get; }
}

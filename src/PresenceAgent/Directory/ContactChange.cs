namespace PresenceAgent.Directory;

/// <summary>What a configuration reload means for something a watcher watches (a contact, a list), in rising order.</summary>
internal enum ContactChange
{
    /// <summary>The same object: nothing to do.</summary>
    Same,

    /// <summary>Another object whose documents read the same (a service's capacity changed): followed, nobody notified.</summary>
    Rebound,

    /// <summary>Its documents read otherwise: followed, and its watchers get a NOTIFY.</summary>
    Changed,

    /// <summary>It names nothing any more: its watchers get <c>terminated;reason=noresource</c>.</summary>
    Gone,
}

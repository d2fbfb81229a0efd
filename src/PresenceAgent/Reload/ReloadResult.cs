namespace PresenceAgent.Reload;

/// <summary>How a configuration reload ended; the label of the reloads metric.</summary>
internal enum ReloadResult
{
    /// <summary>The change was valid and is in force.</summary>
    Applied,

    /// <summary>The change had errors: nothing of it applies, the running configuration stays.</summary>
    Rejected,

    /// <summary>Valid, and nothing that applies without a restart differs from what runs.</summary>
    Unchanged,
}

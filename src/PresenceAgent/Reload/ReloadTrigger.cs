namespace PresenceAgent.Reload;

/// <summary>What asked for a configuration reload.</summary>
internal enum ReloadTrigger
{
    /// <summary>A watched configuration file changed.</summary>
    File,

    /// <summary>SIGHUP.</summary>
    Signal,

    /// <summary><c>POST /admin/reload</c>.</summary>
    Admin,
}

namespace PresenceAgent.Http.AdminConsole;

/// <summary>The reload status of an agent that cannot reload: the configuration is the one read at start.</summary>
internal sealed class NoReloadStatus(DateTimeOffset loadedAt) : IReloadStatus
{
    public ReloadStatus Current { get; } = new(false, loadedAt, null,
        "This agent does not reload its configuration: it was read at start, and a change takes effect at the next start.");
}

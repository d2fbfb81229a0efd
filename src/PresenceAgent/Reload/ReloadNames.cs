namespace PresenceAgent.Reload;

/// <summary>The words logs, metrics and JSON use for triggers and results: stable, lower case, as dashboards filter on them.</summary>
internal static class ReloadNames
{
    public static string Of(ReloadTrigger trigger) => trigger switch
    {
        ReloadTrigger.File => "file",
        ReloadTrigger.Signal => "signal",
        _ => "admin",
    };

    public static string Of(ReloadResult result) => result switch
    {
        ReloadResult.Applied => "applied",
        ReloadResult.Rejected => "rejected",
        _ => "unchanged",
    };
}

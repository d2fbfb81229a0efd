namespace PresenceAgent.Reload;

/// <summary>
/// Reads the configuration again and applies it when it is valid (the host's <c>ConfigurationReloader</c>). An
/// interface so that the HTTP endpoint that asks for it need not depend on the configuration code, which depends on HTTP's options.
/// </summary>
internal interface IConfigurationReloader
{
    /// <summary>One reload at a time: a request made during one waits for it, then reads the files again.</summary>
    Task<ReloadReport> ReloadAsync(ReloadTrigger trigger);
}

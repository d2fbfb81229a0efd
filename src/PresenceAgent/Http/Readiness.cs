using PresenceAgent.Sip.Core;
using PresenceAgent.Themes;

namespace PresenceAgent.Http;

/// <summary>
/// Whether the agent should get traffic (<c>/readyz</c>): every configured SIP listener bound, the configuration
/// loaded, the default theme's avatar there to serve, and not stopping. SIP opens only after the HTTP side has started
/// (the host's SipAgentService), so for a moment at start HTTP answers while SIP does not: that is what a load balancer
/// must not mistake for ready. The details name no address, service or rule: anyone may ask.
/// </summary>
internal sealed class Readiness(SipStack stack, SipStackOptions sip, ThemeStore themes, IHostApplicationLifetime lifetime)
{
    public ReadinessReport Check()
    {
        var bound = stack.LocalEndPoints.Count;
        var configured = sip.Listeners.Count;
        var avatar = themes.DefaultAvatar;
        return new ReadinessReport(
        [
            new ReadinessCheck("sipListeners", bound == configured && configured > 0,
                bound == configured ? $"{bound} of {configured} bound" : $"{bound} of {configured} bound: SIP is not serving yet, or failed to"),

            // Loaded and validated whole before the host was built: an agent whose configuration is refused does not run.
            new ReadinessCheck("configuration", true, "loaded and validated at start"),
            new ReadinessCheck("defaultTheme", avatar is not null, avatar is null ? "no default avatar to serve" : $"'{avatar.Theme}' loaded"),
            new ReadinessCheck("running", !lifetime.ApplicationStopping.IsCancellationRequested,
                lifetime.ApplicationStopping.IsCancellationRequested ? "the agent is stopping" : "serving"),
        ]);
    }
}

/// <summary>One readiness condition: its name, whether it holds, and what was found.</summary>
internal sealed record ReadinessCheck(string Name, bool Ready, string Detail);

/// <summary>Every readiness condition; ready when all hold.</summary>
internal sealed record ReadinessReport(IReadOnlyList<ReadinessCheck> Checks)
{
    public bool Ready => Checks.All(c => c.Ready);

    /// <summary>What is not ready, one clause per failing check; null when ready.</summary>
    public string? Reason => Ready ? null : string.Join("; ", Checks.Where(c => !c.Ready).Select(c => $"{c.Name}: {c.Detail}"));
}

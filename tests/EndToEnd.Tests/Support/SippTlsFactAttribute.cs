namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A SIPp test over TLS through <see cref="TlsRelay"/>: needs SIPp and socat. Without them it reports itself skipped
/// with the reason; under CI (CI=true, where .ci/run installs both) it is never skipped, so a missing tool fails the run.
/// </summary>
public sealed class SippTlsFactAttribute : FactAttribute
{
    public SippTlsFactAttribute()
    {
        if ((Sipp.Path is null || TlsRelay.Path is null) && !Sipp.RequiredByCi)
        {
            Skip = "SIPp over TLS needs sipp (sip-tester) and socat; .ci/run installs both and there this test always runs";
        }
    }
}

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A test that drives the agent with SIPp. Without SIPp on the machine it reports itself skipped with the reason;
/// under CI (CI=true, where .ci/run installs SIPp) it is never skipped, so a missing SIPp fails the run.
/// </summary>
public sealed class SippFactAttribute : FactAttribute
{
    public SippFactAttribute()
    {
        if (Sipp.Path is null && !Sipp.RequiredByCi)
        {
            Skip = "SIPp is not installed (Debian package sip-tester); .ci/run installs it and there these tests always run";
        }
    }
}

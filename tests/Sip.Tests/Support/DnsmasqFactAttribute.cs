namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// A test that asks a real DNS server, dnsmasq. Without dnsmasq on the machine it reports itself skipped with the
/// reason; under CI (CI=true) it is never skipped, so a missing dnsmasq fails the run.
/// </summary>
public sealed class DnsmasqFactAttribute : FactAttribute
{
    public DnsmasqFactAttribute()
    {
        if (Dnsmasq.Path is null && !Dnsmasq.RequiredByCi)
        {
            Skip = "dnsmasq is not installed (Debian package dnsmasq-base); under CI=true these tests run and fail without it";
        }
    }
}

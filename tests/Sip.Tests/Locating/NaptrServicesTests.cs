using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

public sealed class NaptrServicesTests
{
    private static readonly NaptrEntry[] s_records =
    [
        new(20, 10, "S", "SIP+D2U", "_sip._udp.example.test"),
        new(10, 20, "s", "sips+d2t", "_sips._tcp.example.test"),
        new(10, 10, "S", "SIP+D2T", "_sip._tcp.example.test"),
        new(5, 10, "S", "SIP+D2W", "_sip._ws.example.test"),
        new(5, 10, "S", "SIP+D2S", "_sip._sctp.example.test"),
        new(5, 10, "U", "SIP+D2U", ""),
        new(5, 10, "S", "E2U+sip", "_sip._udp.other.test"),
    ];

    [Fact]
    public void Sip_services_we_run_with_the_s_flag_come_by_order_then_preference()
    {
        var services = NaptrServices.Select(s_records, only: null);

        Assert.Equal(
            [
                new SrvService(TransportProtocol.Tcp, "_sip._tcp.example.test"),
                new SrvService(TransportProtocol.Tls, "_sips._tcp.example.test"),
                new SrvService(TransportProtocol.Udp, "_sip._udp.example.test"),
            ],
            services);
    }

    [Theory]
    [InlineData(TransportProtocol.Udp, "_sip._udp.example.test")]
    [InlineData(TransportProtocol.Tls, "_sips._tcp.example.test")]
    public void A_named_transport_keeps_its_records_only(TransportProtocol only, string name) =>
        Assert.Equal([new SrvService(only, name)], NaptrServices.Select(s_records, only));

    [Theory]
    [InlineData(TransportProtocol.Udp, "_sip._udp.example.test")]
    [InlineData(TransportProtocol.Tcp, "_sip._tcp.example.test")]
    [InlineData(TransportProtocol.Tls, "_sips._tcp.example.test")]
    public void Without_naptr_the_srv_name_is_the_conventional_one(TransportProtocol transport, string name) =>
        Assert.Equal(new SrvService(transport, name), NaptrServices.Conventional(transport, "example.test"));
}

namespace PresenceAgent.Tests.Configuration;

public sealed class ConfigurationValidatorTests
{
    private static IReadOnlyList<string> Errors(params string[] edits) => TestConfiguration.Errors(edits);

    [Fact]
    public void The_test_baseline_is_valid() => Assert.Empty(Errors());

    [Theory]
    [InlineData("Sip:Listeners: at least one listener is required", "Sip:Listeners")]
    [InlineData("Sip:Listeners:0:Address: 'vc.example.com' is not an IP address", "Sip:Listeners:0:Address=vc.example.com")]
    [InlineData("Sip:Listeners:1:Address: '300.1.1.1'", "Sip:Listeners:1:Address=300.1.1.1")]
    [InlineData("Sip:Listeners:0:Port: 65536 is not a port", "Sip:Listeners:0:Port=65536")]
    [InlineData("Sip:Listeners:1:Port: -1 is not a port", "Sip:Listeners:1:Port=-1")]
    [InlineData("Sip:Domains: empty", "Sip:Domains")]
    [InlineData("Sip:Domains:1: 'vc example.com' is not a host name", "Sip:Domains:1=vc example.com")]
    [InlineData("Sip:Domains:0: 'vc.example.com:5060' is not a host name", "Sip:Domains:0=vc.example.com:5060")]
    [InlineData("Sip:Host: 'presence example.com'", "Sip:Host=presence example.com")]
    [InlineData("Sip:Dns:Servers:0: 'dns.example.com' is not a DNS server", "Sip:Dns:Servers:0=dns.example.com")]
    [InlineData("Sip:Dns:Timeout: 00:01:00 must be between", "Sip:Dns:Timeout=00:01:00")]
    [InlineData("Sip:Limits:MaxBodyBytes: -1 must be between", "Sip:Limits:MaxBodyBytes=-1")]
    [InlineData("Sip:Timers:T1: 00:00:00 must be above zero", "Sip:Timers:T1=00:00:00")]
    public void Rejects_bad_sip_section(string expected, params string[] edits) => AssertSingleFault(expected, edits);

    [Theory]
    [InlineData("Services:0:Name: empty", "Services:0:Name")]
    [InlineData("Services:0:Name: empty", "Services:0:Name=  ")]
    [InlineData("Services:1:Aliases: empty", "Services:1:Aliases")]
    [InlineData("Services:1:Aliases:0: 'SIP:Meet.Alice' is also an alias of Services:0 ('Alice's Meeting Room')", "Services:1:Aliases:0=SIP:Meet.Alice")]
    [InlineData("Services:1:Aliases:0: 'meet.alice@VC.example.com' is also an alias of Services:0", "Services:1:Aliases:0=meet.alice@VC.example.com")]
    [InlineData("Services:0:Aliases:0: 'meet alice' is not user or user@host", "Services:0:Aliases:0=meet alice")]
    [InlineData("Services:0:Aliases:1: '@vc.example.com' is not user or user@host", "Services:0:Aliases:1=@vc.example.com")]
    [InlineData("Services:0:Aliases:1: 'meet.alice@bad host' is not user or user@host", "Services:0:Aliases:1=meet.alice@bad host")]
    [InlineData("Services:0:Aliases:1: '<sip:meet.alice@vc.example.com>' is not user or user@host", "Services:0:Aliases:1=<sip:meet.alice@vc.example.com>")]
    [InlineData("Services:0:Aliases:1: 'meet.alice@vc.example.com:5060' is not user or user@host", "Services:0:Aliases:1=meet.alice@vc.example.com:5060")]
    [InlineData("Services:0:Theme: '../etc' is not a valid theme folder name", "Services:0:Theme=../etc")]
    [InlineData("Services:1:Theme: 'town hall'", "Services:1:Theme=town hall")]
    [InlineData("Services:0:Homepage: 'ftp://vc.example.com/' is not an absolute http(s) URL", "Services:0:Homepage=ftp://vc.example.com/")]
    [InlineData("Services:0:Homepage: '/meet.alice'", "Services:0:Homepage=/meet.alice")]
    [InlineData("Services:0:Phones:0:Number: '+49 30 1234' is not E.164", "Services:0:Phones:0:Number=+49 30 1234")]
    [InlineData("Services:1:Phones:1:Number: '0301234' is not E.164", "Services:1:Phones:0:Number=+4930123", "Services:1:Phones:1:Number=0301234")]
    [InlineData("Services:0:Phones:0:Number: '+1234567890123456' is not E.164", "Services:0:Phones:0:Number=+1234567890123456")]
    [InlineData("Services:0:Phones:0:Number: '+' is not E.164", "Services:0:Phones:0:Number=+")]
    [InlineData("Services:0:Phones:0:Nummer: no such setting", "Services:0:Phones:0:Number=+4930123", "Services:0:Phones:0:Nummer=+4930123")]
    [InlineData("Services:0:Phones:0:Number: '' is not E.164", "Services:0:Phones:0:Type=Mobile")]
    [InlineData("Services:0:WebSite: 'ftp://vc.example.com/' is not an absolute http(s) URL", "Services:0:WebSite=ftp://vc.example.com/")]
    [InlineData("Services:1:WebSite: 'www.example.com' is not an absolute http(s) URL", "Services:1:WebSite=www.example.com")]
    [InlineData("Services:0:Email: 'Room <room@example.com>' is not an address", "Services:0:Email=Room <room@example.com>")]
    [InlineData("Services:0:Email: 'room.example.com' is not an address", "Services:0:Email=room.example.com")]
    [InlineData("Services:0:OutOfOfficeStart: '2026-03-09' is not an ISO 8601 date and time with its offset", "Services:0:OutOfOfficeNote=Closed",
        "Services:0:OutOfOfficeStart=2026-03-09")]
    [InlineData("Services:0:OutOfOfficeEnd: '2026-03-09T08:00:00' is not an ISO 8601 date and time with its offset",
        "Services:0:OutOfOfficeNote=Closed", "Services:0:OutOfOfficeEnd=2026-03-09T08:00:00")]
    [InlineData("Services:1:OutOfOfficeStart: 'next monday' is not", "Services:1:OutOfOfficeNote=Closed", "Services:1:OutOfOfficeStart=next monday")]
    [InlineData("Services:0:OutOfOfficeEnd: 2026-03-09T07:00:00.0000000+00:00 is not after OutOfOfficeStart 2026-03-09T08:00:00.0000000+01:00",
        "Services:0:OutOfOfficeNote=Closed", "Services:0:OutOfOfficeStart=2026-03-09T08:00:00+01:00", "Services:0:OutOfOfficeEnd=2026-03-09T07:00Z")]
    [InlineData("Services:0:OutOfOfficeNote: required with OutOfOfficeStart or OutOfOfficeEnd", "Services:0:OutOfOfficeEnd=2026-03-09T07:00Z")]
    public void Rejects_bad_service(string expected, params string[] edits) => AssertSingleFault(expected, edits);

    [Fact]
    public void Accepts_out_of_office_dates_with_their_offset_to_the_minute_or_finer() =>
        Assert.Empty(Errors("Services:0:OutOfOfficeNote=Closed for maintenance", "Services:0:OutOfOfficeStart=2026-03-09T08:00+01:00",
            "Services:0:OutOfOfficeEnd=2026-03-11T17:30:15.5Z"));

    [Theory]
    [InlineData("Subscriptions:MinExpires: 3601 must be 1-3600 s", "Subscriptions:MinExpires=3601", "Subscriptions:MaxExpires=7200", "Subscriptions:DefaultExpires=7200")]
    [InlineData("Subscriptions:MinExpires: 0 must be 1-3600 s", "Subscriptions:MinExpires=0")]
    [InlineData("Subscriptions:DefaultExpires: 30 must lie between MinExpires and MaxExpires", "Subscriptions:DefaultExpires=30")]
    [InlineData("Subscriptions:DefaultExpires: 7200 must lie between MinExpires and MaxExpires", "Subscriptions:DefaultExpires=7200")]
    [InlineData("Subscriptions:MaxSubscriptions: 0 must be at least 1", "Subscriptions:MaxSubscriptions=0")]
    [InlineData("Subscriptions:MaxListResources: 0 must be at least 1", "Subscriptions:MaxListResources=0")]
    [InlineData("Subscriptions:MaxPerSource: 0 must be 1-10000000", "Subscriptions:MaxPerSource=0")]
    [InlineData("Subscriptions:MaxPerWatcher: 0 must be 1-10000000", "Subscriptions:MaxPerWatcher=0")]
    [InlineData("Subscriptions:MaxBytesPerSubscription: 1024 must be 2048-1048576", "Subscriptions:MaxBytesPerSubscription=1024")]
    [InlineData("Subscriptions:FetchRatePerSource: 0 must be 1-100000", "Subscriptions:FetchRatePerSource=0")]
    [InlineData("Subscriptions:FetchBurstPerSource: 0 must be 1-1000000", "Subscriptions:FetchBurstPerSource=0")]
    [InlineData("Subscriptions:MaxFetchSources: 10 must be 100-1000000", "Subscriptions:MaxFetchSources=10")]
    public void Rejects_bad_subscription_bounds(string expected, params string[] edits) => AssertSingleFault(expected, edits);

    [Fact]
    public void Rejects_max_expires_below_min_expires()
    {
        var errors = Errors("Subscriptions:MaxExpires=30");

        // No default can lie between the bounds then, so that is reported too.
        Assert.Equal(
            ["Subscriptions:MaxExpires: 30 is below MinExpires 60.", "Subscriptions:DefaultExpires: 3600 must lie between MinExpires and MaxExpires."],
            errors);
    }

    [Theory]
    [InlineData("Http:Urls: 'ftp://127.0.0.1:21' is not an http(s) URL", "Http:Urls=ftp://127.0.0.1:21")]
    [InlineData("Http:Urls: 'not-a-url' is not an http(s) URL", "Http:Urls=http://127.0.0.1:8088;not-a-url")]
    [InlineData("Http:PublicBaseUrl: '/avatars' is not an absolute http(s) URL", "Http:PublicBaseUrl=/avatars")]
    [InlineData("Http:PublicBaseUrl: 'ftp://presence.example.com/'", "Http:PublicBaseUrl=ftp://presence.example.com/")]
    [InlineData("Http:Urls: has an https URL but Sip:Tls:CertificatePath is not set", "Http:Urls=https://presence.example.com:8443")]
    public void Rejects_bad_http_section(string expected, params string[] edits) => AssertSingleFault(expected, edits);

    [Theory]
    [InlineData("http://127.0.0.1:8088;http://[::1]:8088")]
    [InlineData("http://*:8088")]
    [InlineData("http://+:8088")]
    [InlineData("http://0.0.0.0:0")]
    public void Accepts_the_url_forms_kestrel_binds(string urls) => Assert.Empty(Errors("Http:Urls=" + urls));

    [Theory]
    [InlineData("Sip:Listeners:0:Port", "Sip:Listeners:0:Port=abc")]
    [InlineData("Sip:Listeners:1:Protocol", "Sip:Listeners:1:Protocol=Sctp")]
    [InlineData("Services:1:Kind", "Services:1:Kind=Conference")]
    [InlineData("Services:0:Phones:0:Type", "Services:0:Phones:0:Type=Fax", "Services:0:Phones:0:Number=+4930123")]
    [InlineData("RoutingRules:Rules:0:Priority", "RoutingRules:Rules:0:Priority=high")]
    [InlineData("Subscriptions:MinExpires", "Subscriptions:MinExpires=soon")]
    [InlineData("Sip:Limits:IdleTimeout", "Sip:Limits:IdleTimeout=forever")]
    public void Names_the_key_of_a_value_of_the_wrong_type(string key, params string[] edits) =>
        Assert.Contains(Errors(edits), e => e.Contains($"'{key}'", StringComparison.Ordinal));

    [Theory]
    [InlineData("Sip:Listeners:0: ", "Sip:Listeners:0:Port", "Sip:Listeners:0:Port=abc")]
    [InlineData("Sip:Listeners:1: ", "Sip:Listeners:1:Protocol", "Sip:Listeners:1:Protocol=Sctp")]
    [InlineData("Services:1: ", "Services:1:Kind", "Services:1:Kind=Conference")]
    [InlineData("RoutingRules:Rules:0: ", "RoutingRules:Rules:0:Priority", "RoutingRules:Rules:0:Priority=high")]
    [InlineData("Services:0:Phones:1: ", "Services:0:Phones:1:Type", "Services:0:Phones:0:Number=+4930123", "Services:0:Phones:1:Number=+4930124", "Services:0:Phones:1:Type=Fax")]
    public void A_list_element_with_a_wrong_typed_value_is_reported_not_silently_dropped(string element, string key, params string[] edits)
    {
        var error = Assert.Single(Errors(edits));

        Assert.StartsWith(element, error, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_rule_with_an_invalid_regex()
    {
        var error = Assert.Single(Errors(@"RoutingRules:Rules:0:Match=([0-9]+@vc\.example\.com"));

        Assert.StartsWith("RoutingRules:Rules:0:Match: rule 'pstn-gateway': ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RoutingRules:MatchTimeout=00:00:05", "RoutingRules:MatchTimeout: ", "MatchTimeout")]
    [InlineData("RoutingRules:MaxAliasLength=0", "RoutingRules:MaxAliasLength: ", "'0'")]
    public void A_rule_option_out_of_range_is_named_by_its_key(string edit, string key, string detail)
    {
        var error = Assert.Single(Errors(edit));

        Assert.StartsWith(key, error, StringComparison.Ordinal);
        Assert.Contains(detail, error, StringComparison.Ordinal);
    }

    /// <summary>A list that passes: a bare service alias, a qualified one, and a gateway alias.</summary>
    private static readonly string[] Rooms =
    [
        "Lists:0:Name=Rooms",
        "Lists:0:Aliases:0=rooms",
        "Lists:0:Members:0=meet.alice",
        "Lists:0:Members:1=townhall@vc.example.com",
        "Lists:0:Members:2=+441234567890@vc.example.com",
    ];

    [Fact]
    public void A_list_of_service_and_gateway_aliases_is_valid() => Assert.Empty(Errors(Rooms));

    [Theory]
    [InlineData("Lists:0:Name: empty", "Lists:0:Name")]
    [InlineData("Lists:0:Aliases: empty", "Lists:0:Aliases")]
    [InlineData("Lists:0:Members: empty", "Lists:0:Members")]
    [InlineData("Lists:0:Aliases:0: 'rooms@bad host' is not user or user@host", "Lists:0:Aliases:0=rooms@bad host")]
    [InlineData("Lists:0:Aliases:0: 'townhall' is also an alias of Services:1 ('Town Hall')", "Lists:0:Aliases:0=townhall")]
    [InlineData("Lists:0:Aliases:0: 'sip:Meet.Alice' is also an alias of Services:0", "Lists:0:Aliases:0=sip:Meet.Alice")]
    [InlineData("Lists:0:Aliases:0: 'meet.alice@127.0.0.1' is also an alias of Services:0", "Lists:0:Aliases:0=meet.alice@127.0.0.1")]
    [InlineData("Lists:0:Aliases:0: 'townhall' is also an alias of Services:1", "Services:1:Aliases:0=townhall@vc.example.com", "Lists:0:Aliases:0=townhall")]
    [InlineData("Lists:1:Aliases:0: 'ROOMS' is also an alias of Lists:0 ('Rooms')", "Lists:1:Name=More", "Lists:1:Aliases:0=ROOMS", "Lists:1:Members:0=meet.alice")]
    [InlineData("Lists:0:Members:0: 'meet alice' is not user or user@host", "Lists:0:Members:0=meet alice")]
    [InlineData("Lists:0:Members:2: 'MEET.ALICE' is listed twice in Lists:0 ('Rooms')", "Lists:0:Members:2=MEET.ALICE")]
    [InlineData("Lists:0:Members:0: 'meet.alcie@vc.example.com' is no service alias and matches no routing rule", "Lists:0:Members:0=meet.alcie@vc.example.com")]
    [InlineData("Lists:0:Members:0: 'nobody' is no service alias and matches no routing rule", "Lists:0:Members:0=nobody")]
    [InlineData("Lists:0:Members:0: 'room@elsewhere.net' is in elsewhere.net, which is not in Sip:Domains", "Lists:0:Members:0=room@elsewhere.net")]
    [InlineData("Lists:0:Members:2: '+441234567890' names nothing in 127.0.0.1; write it as user@domain", "Lists:0:Members:2=+441234567890")]
    [InlineData("Lists:0:Members: 3 members, more than Subscriptions:MaxListResources (2)", "Subscriptions:MaxListResources=2")]
    public void Rejects_bad_list(string expected, params string[] edits) => AssertSingleFault(expected, [.. Rooms, .. edits]);

    [Fact]
    public void A_typo_in_a_list_key_is_named()
    {
        var error = Assert.Single(Errors([.. Rooms, "Lists:0:Member:0=room1"]));

        Assert.StartsWith("Lists:0:Member: no such setting", error, StringComparison.Ordinal);
    }

    private static void AssertSingleFault(string expected, string[] edits)
    {
        var error = Assert.Single(Errors(edits));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}

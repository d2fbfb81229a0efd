using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

public sealed class PresentityUriTests
{
    [Theory]
    [InlineData("SIP:townhall@vc.test", "sip:townhall@vc.test")]
    [InlineData("sip:townhall@VC.Test", "sip:townhall@vc.test")]
    [InlineData("sip:meet%2ealice@vc.example.com", "sip:meet.alice@vc.example.com")]
    [InlineData("sip:%74%6F%77%6e%48%41LL@vc.test", "sip:townHALL@vc.test")]
    [InlineData("sip:a%7e%2d%5F%21%2a%27%28%29b@vc.test", "sip:a~-_!*'()b@vc.test")]
    [InlineData("sip:room1@[0:0::1]", "sip:room1@[::1]")]
    [InlineData("sip:room1@[::FFFF:127.0.0.1]", "sip:room1@[::ffff:127.0.0.1]")]
    [InlineData("sip:room1@127.000.000.001", "sip:room1@127.0.0.1")]
    [InlineData("sips:Room1@VC.test", "sips:Room1@vc.test")]
    public void Lowercases_scheme_and_host_writes_address_literals_as_read_and_decodes_escaped_unreserved_characters(string uri, string canonical) =>
        Assert.Equal(canonical, PresentityUri.Canonical(uri));

    [Theory]
    [InlineData("sip:TownHall@vc.test")]
    [InlineData("sip:+4420712345678@vc.example.com")]
    [InlineData("sip:a%2Bb@vc.test")]
    [InlineData("sip:caf%C3%A9@vc.test")]
    [InlineData("sip:a%20b@vc.test")]
    [InlineData("sip:vc.test")]
    [InlineData("sip:room1@[::1]")]
    [InlineData("sip:room1@192.0.2.1")]
    public void Leaves_what_rfc_3261_compares_exactly_and_returns_a_canonical_uri_itself(string uri) =>
        Assert.Same(uri, PresentityUri.Canonical(uri));

    [Theory]
    [InlineData("sip:a%2bb@vc.test", "sip:a%2Bb@vc.test")]
    [InlineData("sip:caf%c3%a9@vc.test", "sip:caf%C3%A9@vc.test")]
    [InlineData("sip:100%25@vc.test", "sip:100%25@vc.test")]
    public void Keeps_escapes_of_other_characters_escaped_in_upper_case_hex(string uri, string canonical) =>
        Assert.Equal(canonical, PresentityUri.Canonical(uri));

    [Fact]
    public void Keeps_the_user_parts_case_as_rfc_3261_compares_it_case_sensitively() =>
        Assert.NotEqual(PresentityUri.Canonical("sip:TownHall@vc.test"), PresentityUri.Canonical("sip:townhall@vc.test"));
}

using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Messages;

public sealed class ResponseStampTests
{
    [Fact]
    public void A_failure_gets_server_and_the_reason_as_ms_diagnostics_public()
    {
        var response = SipResponseFactory.Create(Build.Request("SUBSCRIBE"), 404, "Not Found (no such conference alias)");

        new ResponseStamp("PresenceAgent/1.0", diagnostics: true).Apply(response);

        Assert.Equal("PresenceAgent/1.0", response.Headers.GetFirst(HeaderKind.Server));
        Assert.Equal($"{ResponseStamp.DiagnosticId};reason=\"Not Found (no such conference alias)\";component=\"PresenceAgent\"", response.Headers.GetFirst("ms-diagnostics-public"));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(302)]
    public void Success_and_redirection_carry_no_diagnostics(int status)
    {
        var response = SipResponseFactory.Create(Build.Request("SUBSCRIBE"), status);
        new ResponseStamp(null, diagnostics: true).Apply(response);

        Assert.Null(response.Headers.GetFirst("ms-diagnostics-public"));
        Assert.False(response.Headers.Contains(HeaderKind.Server));
    }

    [Fact]
    public void Switched_off_adds_nothing()
    {
        var response = SipResponseFactory.Create(Build.Request("SUBSCRIBE"), 480);
        new ResponseStamp("", diagnostics: false).Apply(response);

        Assert.Null(response.Headers.GetFirst("ms-diagnostics-public"));
        Assert.False(response.Headers.Contains(HeaderKind.Server));
    }

    [Theory]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("tab\there", "tab here")]
    public void The_reason_is_a_valid_quoted_string(string reason, string quoted) =>
        Assert.Equal($"{ResponseStamp.DiagnosticId};reason=\"{quoted}\";component=\"PresenceAgent\"", ResponseStamp.Format(reason));
}

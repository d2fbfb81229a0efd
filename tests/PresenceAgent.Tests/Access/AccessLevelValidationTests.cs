using PresenceAgent.Tests.Configuration;

namespace PresenceAgent.Tests.Access;

/// <summary>A bad access level setting stops start (and a reload) with its key, like every other setting.</summary>
public sealed class AccessLevelValidationTests
{
    [Fact]
    public void A_complete_mapping_loads()
    {
        Assert.Empty(TestConfiguration.Errors(
            "AccessLevels:Default=public", "AccessLevels:Personal:0=ceo@example.com", "AccessLevels:Team:0=example.net",
            "AccessLevels:Company:0=partner.example.net", "AccessLevels:Blocked:0=spam@example.org",
            @"AccessLevels:Patterns:0:Match=guest-.*@example\.com", "AccessLevels:Patterns:0:Level=Public",
            "AccessLevels:Attributes:OtherPhones=Team", "Services:1:AccessLevels:Default=Company", "Services:1:AccessLevels:Team:0=a@b.example"));
    }

    [Theory]
    [InlineData("AccessLevels:Default=Friends", "AccessLevels:Default: 'Friends' is no level")]
    [InlineData("AccessLevels:Patterns:0:Level=Colleagues", "AccessLevels:Patterns:0:Level: 'Colleagues' is no level")]
    [InlineData("Services:1:AccessLevels:Default=3", "Services:1:AccessLevels:Default: '3' is no level")]
    [InlineData("AccessLevels:Default=Team, Public", "AccessLevels:Default: 'Team, Public' is no level")]
    [InlineData("AccessLevels:Attributes:None=Team", "AccessLevels:Attributes:None: no such attribute")]
    [InlineData("AccessLevels:Attributes:Phones=Team", "AccessLevels:Attributes:Phones: no such attribute")]
    [InlineData("AccessLevels:Attributes:Notes=Boss", "AccessLevels:Attributes:Notes: 'Boss' is no level")]
    [InlineData("AccessLevels:Attributes:Notes=Blocked", "AccessLevels:Attributes:Notes: Blocked watchers see nothing")]
    [InlineData("AccessLevels:Team:0=Jo Smith <jo@example.com>", "AccessLevels:Team:0: 'Jo Smith <jo@example.com>' is neither an address")]
    [InlineData("Services:0:AccessLevels:Blocked:1=a@b@c", "Services:0:AccessLevels:Blocked:1: 'a@b@c' is neither")]
    [InlineData("AccessLevels:Teams:0=jo@example.com", "AccessLevels:Teams: no such setting")]
    public void A_bad_value_is_refused_with_its_key(string edit, string error)
    {
        var edits = edit.StartsWith("Services:0:AccessLevels:Blocked:1", StringComparison.Ordinal)
            ? new[] { "Services:0:AccessLevels:Blocked:0=ok@example.com", edit }
            : [edit];

        Assert.Contains(TestConfiguration.Errors(edits), e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(@"(a)\1@example\.com")]
    [InlineData(@"(?=admin).*@example\.com")]
    [InlineData(@"[unclosed")]
    public void A_pattern_the_linear_time_engine_cannot_run_is_refused_with_its_key(string pattern)
    {
        var errors = TestConfiguration.Errors("AccessLevels:Patterns:0:Match=" + pattern, "AccessLevels:Patterns:0:Level=Public");

        Assert.Contains(errors, e => e.StartsWith("AccessLevels:Patterns:0:Match: ", StringComparison.Ordinal) &&
            e.Contains("linear-time", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pattern_without_its_level_or_match_names_the_missing_key()
    {
        var errors = TestConfiguration.Errors(@"AccessLevels:Patterns:0:Match=.*@example\.com", "Services:1:AccessLevels:Patterns:0:Level=Team");

        Assert.Contains(errors, e => e.StartsWith("AccessLevels:Patterns:0:Level: '' is no level", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Services:1:AccessLevels:Patterns:0:Match: empty", StringComparison.Ordinal));
    }
}

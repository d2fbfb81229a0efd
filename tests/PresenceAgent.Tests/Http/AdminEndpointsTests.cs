using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

public sealed class AdminEndpointsTests
{
    [Theory]
    [InlineData("?alias=+4420712345678@vc.example.com", "+4420712345678@vc.example.com")]
    [InlineData("?x=1&alias=%2B44%40x&y=2", "+44@x")]
    [InlineData("?ALIAS=a@b", "a@b")]
    [InlineData("?alias=", "")]
    [InlineData("?aliasx=a", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("?alias=%zz", "%zz")]
    public void A_query_value_keeps_its_plus(string? query, string? expected) =>
        Assert.Equal(expected, AdminEndpoints.RawQueryValue(query, "alias"));
}

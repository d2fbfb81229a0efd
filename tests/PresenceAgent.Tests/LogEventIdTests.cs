using PresenceAgent.Hosting;

namespace PresenceAgent.Tests;

public sealed class LogEventIdTests
{
    [Fact]
    public void Event_ids_and_names_are_unique() => DeclaredLogEvents.VerifyUnique(typeof(AgentHost).Assembly);

    [Theory]
    [InlineData("SubscriptionLog", 3000, 3999)]
    [InlineData("ContactLog", 4000, 4999)]
    [InlineData("ThemeLog", 5000, 5999)]
    [InlineData("HttpLog", 5000, 5999)]
    [InlineData("HostingLog", 6000, 6099)]
    [InlineData("ReloadLog", 6100, 6199)]
    [InlineData("LivePresenceLog", 7000, 7099)]
    [InlineData("OccupancyLog", 7100, 7199)]
    [InlineData("PublicationLog", 7200, 7299)]
    [InlineData("ApiLog", 7300, 7399)]
    [InlineData("AuthenticationLog", 7400, 7499)]
    [InlineData("AccessLog", 7500, 7599)]
    public void Event_ids_stay_in_their_band(string type, int low, int high) =>
        DeclaredLogEvents.VerifyInBand(typeof(AgentHost).Assembly, type, low, high);
}

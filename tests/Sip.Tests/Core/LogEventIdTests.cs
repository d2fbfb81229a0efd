using PresenceAgent.Sip.Core;

namespace PresenceAgent.Sip.Tests.Core;

public sealed class LogEventIdTests
{
    [Fact]
    public void Event_ids_and_names_are_unique() => DeclaredLogEvents.VerifyUnique(typeof(SipStack).Assembly);

    [Theory]
    [InlineData("TransportLog", 1000, 1499)]
    [InlineData("LocatingLog", 1000, 1499)]
    [InlineData("CoreLog", 1500, 1799)]
    [InlineData("AuthenticationLog", 1800, 1899)]
    [InlineData("TransactionLog", 2000, 2999)]
    public void Event_ids_stay_in_their_band(string type, int low, int high) =>
        DeclaredLogEvents.VerifyInBand(typeof(SipStack).Assembly, type, low, high);
}

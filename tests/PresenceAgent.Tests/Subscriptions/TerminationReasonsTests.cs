using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Subscriptions;

public sealed class TerminationReasonsTests
{
    [Fact]
    public void The_terminated_state_names_each_reason_as_its_token()
    {
        Assert.All(Enum.GetValues<TerminationReason>(), reason => Assert.Equal("terminated;reason=" + reason.Token(), reason.TerminatedState()));
    }
}

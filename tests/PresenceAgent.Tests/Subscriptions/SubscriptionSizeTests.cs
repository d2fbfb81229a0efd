using System.Runtime.CompilerServices;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// The subscription object's own size, part of the 700 B of live data per subscription the agent is held to
/// (bench/RESULTS.md): a field more crosses an 8-byte step and costs 400 KB at 50 000 subscriptions.
/// </summary>
public sealed class SubscriptionSizeTests
{
    [Fact]
    public void A_contact_subscription_takes_152_bytes()
    {
        // One uninitialized instance is exactly one object of the type's size.
        _ = RuntimeHelpers.GetUninitializedObject(typeof(ContactSubscription));
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = RuntimeHelpers.GetUninitializedObject(typeof(ContactSubscription));

        Assert.Equal(152, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using PresenceAgent.Directory;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Support;

/// <summary>Subscriptions as the SUBSCRIBE handler creates them, on dialogs from parsed requests.</summary>
internal static class TestSubscriptions
{
    public static readonly Contact AliceRoom = new()
    {
        Kind = ContactKind.Vmr,
        Key = "room",
        DisplayName = "Alice's Meeting Room",
        Description = "Weekly project room",
        Theme = "boardroom",
        Since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static int s_next;

    /// <summary>A subscription to meet.alice that expires <paramref name="expiresIn"/> after now on <paramref name="time"/>.</summary>
    public static Subscription Create(TimeProvider time, TimeSpan expiresIn, string eventHeader = "presence", SipFlow? flow = null)
    {
        var n = Interlocked.Increment(ref s_next);
        var request = SubscribeRequests.Parse(callId: $"call-{n}@watcher", eventHeader: eventHeader);
        return new ContactSubscription(SubscribeRequests.DialogFor(request, localTag: $"pa-{n}"), request.Event!, AliceRoom,
            "sip:meet.alice@vc.example.com", flow, (time.GetUtcNow() + expiresIn).UtcTicks);
    }
}

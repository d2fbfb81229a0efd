using System.Reflection;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Fuzzing;

/// <summary>The Lync batch-subscription reader: well-formed or not, it answers true or false with an error, never throws.</summary>
internal static class XmlTargets
{
    // BatchSubscription is internal to the agent and src/ grants the harness no access, so it is found once by
    // reflection (through a public type of the same assembly); exceptions come through unwrapped, as a caller sees them.
    private static readonly MethodInfo s_tryParse =
        typeof(SubscriptionOptions).Assembly.GetType("PresenceAgent.Documents.Msrtc.BatchSubscription", throwOnError: true)!
            .GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static)
        ?? throw new MissingMethodException("BatchSubscription", "TryParse");

    public static void BatchSubscription(byte[] input)
    {
        var arguments = new object?[] { new ReadOnlyMemory<byte>(input), null, null };
        var ok = (bool)s_tryParse.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
        ContractException.Check(ok ? arguments[1] is not null : arguments[2] is string { Length: > 0 }, "TryParse answered without a result or an error");
    }
}

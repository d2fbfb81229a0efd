namespace PresenceAgent.Fuzzing;

/// <summary>
/// The entry points by name. A target throws only when a contract is broken: an exception out of a reader, or a
/// check of its own (<see cref="ContractException"/>), which afl-fuzz records as a crash.
/// </summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["datagram"] = MessageTargets.Datagram,
        ["stream"] = MessageTargets.Stream,
        ["name-address"] = HeaderTargets.NameAddress,
        ["via"] = HeaderTargets.Via,
        ["uri"] = HeaderTargets.Uri,
        ["cseq"] = HeaderTargets.CSeq,
        ["parameters"] = HeaderTargets.Parameters,
        ["headers"] = HeaderTargets.All,
        ["batch-subscription"] = XmlTargets.BatchSubscription,
    };
}

namespace PresenceAgent.LoadGen;

/// <summary>A call that did not complete, with the kind it is counted under in the report.</summary>
internal sealed class CallFailure(string kind, string detail) : Exception($"{kind}: {detail}")
{
    public string Kind { get; } = kind;
}

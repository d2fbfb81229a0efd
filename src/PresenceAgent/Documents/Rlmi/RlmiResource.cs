namespace PresenceAgent.Documents.Rlmi;

/// <summary>
/// One <c>resource</c> of an RLMI document with its single <c>instance</c> (RFC 4662 §5): active with the Content-ID
/// of the part carrying its state, or terminated with a reason (and a part only when there is state to give).
/// </summary>
/// <param name="Uri">The resource's URI, as the list names it.</param>
/// <param name="Name">A readable name, written as the resource's <c>name</c> element; none when null.</param>
/// <param name="InstanceId">The instance id, stable for the subscription's life.</param>
/// <param name="Cid">The Content-ID of the resource's part without angle brackets; null when it has no part.</param>
/// <param name="TerminatedReason">Null for an active instance; otherwise why it ended (<c>noresource</c>, <c>timeout</c> …).</param>
internal readonly record struct RlmiResource(string Uri, string? Name, string InstanceId, string? Cid, string? TerminatedReason);

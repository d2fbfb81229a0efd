namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// From tag, Call-ID and CSeq of an out-of-dialog request: a second request with the same values but another
/// branch is a merged (forked and re-joined) or looped copy, answered 482 (RFC 3261 §8.2.2.2).
/// </summary>
internal readonly record struct MergeKey(string FromTag, string CallId, uint CSeq, string Method);

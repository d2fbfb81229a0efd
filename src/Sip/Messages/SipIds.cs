namespace PresenceAgent.Sip.Messages;

/// <summary>
/// Fresh branch, tag and Call-ID values. RFC 3261 §8.1.1.7 wants branches unique across space and time and
/// §19.3 wants tags with at least 32 random bits; we use 64 random bits plus a process counter for branches.
/// </summary>
public static class SipIds
{
    /// <summary>The length of every branch <see cref="NewBranch"/> gives: the cookie, 16 random and 8 counter hex digits.</summary>
    public const int BranchLength = 7 + 24;

    /// <summary>A branch starting with the RFC 3261 magic cookie (§8.1.1.7).</summary>
    public static string NewBranch() => Transactions.ClientBranch.New().ToString();

    /// <summary>A From/To tag with 64 random bits (RFC 3261 §19.3).</summary>
    public static string NewTag() => Hex(Random.Shared.NextInt64());

    /// <summary>A Call-ID with 128 random bits (RFC 3261 §8.1.1.4).</summary>
    public static string NewCallId() => Hex(Random.Shared.NextInt64()) + Hex(Random.Shared.NextInt64());

    private static string Hex(long value) =>
        string.Create(16, value, static (dst, v) => v.TryFormat(dst, out _, "x16", null));
}

namespace PresenceAgent.Sip.Authentication;

internal enum NonceCountVerdict
{
    Accepted,

    /// <summary>The count is not above one already seen for the nonce.</summary>
    Replayed,

    /// <summary>The nonce's counts may have been forgotten to keep the table bounded.</summary>
    Forgotten,
}

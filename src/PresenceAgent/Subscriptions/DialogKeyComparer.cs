using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>A subscription table key (Call-ID, our tag) as characters read from a request, not yet strings.</summary>
internal readonly ref struct DialogKeyChars(ReadOnlySpan<char> callId, string localTag)
{
    public ReadOnlySpan<char> CallId { get; } = callId;

    public string LocalTag { get; } = localTag;
}

/// <summary>
/// The subscription table's keys compared ordinally, as the tuple's default comparer does, and looked up by
/// <see cref="DialogKeyChars"/> too: an in-dialog SUBSCRIBE finds its subscription without making its Call-ID a string.
/// </summary>
internal sealed class DialogKeyComparer : IEqualityComparer<(string CallId, string LocalTag)>, IAlternateEqualityComparer<DialogKeyChars, (string CallId, string LocalTag)>
{
    /// <summary>A Call-ID longer than this is looked up as a string.</summary>
    public const int MaxCallIdChars = 256;

    public static readonly DialogKeyComparer Instance = new();

    /// <summary>
    /// The Call-ID as <see cref="SipMessage.CallId"/> reads it, decoded into <paramref name="buffer"/>, when its field is
    /// one raw line that fits; false otherwise (the caller then reads the string).
    /// </summary>
    public static bool TryReadCallId(SipRequest request, Span<char> buffer, out ReadOnlySpan<char> callId)
    {
        callId = default;
        var at = request.Headers.IndexOf(HeaderKind.CallId);
        if (at < 0 || request.Headers[at] is not { IsRaw: true } field)
        {
            return false;
        }

        var raw = field.RawValue.Trim(" \t"u8);
        if (raw.Length > buffer.Length || raw.IndexOfAny((byte)'\r', (byte)'\n') >= 0 || !Ascii.IsValid(raw))
        {
            return false;
        }

        callId = buffer[..Encoding.ASCII.GetChars(raw, buffer)];
        return true;
    }

    public bool Equals((string CallId, string LocalTag) x, (string CallId, string LocalTag) y) =>
        string.Equals(x.CallId, y.CallId, StringComparison.Ordinal) && string.Equals(x.LocalTag, y.LocalTag, StringComparison.Ordinal);

    public int GetHashCode((string CallId, string LocalTag) key) => Hash(key.CallId, key.LocalTag);

    public bool Equals(DialogKeyChars alternate, (string CallId, string LocalTag) other) =>
        alternate.CallId.SequenceEqual(other.CallId) && string.Equals(alternate.LocalTag, other.LocalTag, StringComparison.Ordinal);

    public int GetHashCode(DialogKeyChars alternate) => Hash(alternate.CallId, alternate.LocalTag);

    public (string CallId, string LocalTag) Create(DialogKeyChars alternate) => (new string(alternate.CallId), alternate.LocalTag);

    private static int Hash(ReadOnlySpan<char> callId, string localTag) => HashCode.Combine(string.GetHashCode(callId), string.GetHashCode(localTag));
}

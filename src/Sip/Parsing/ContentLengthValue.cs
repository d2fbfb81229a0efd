using System.Buffers.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT (RFC 3261 §20.14), shared by parser and scanner.</summary>
internal static class ContentLengthValue
{
    /// <summary>More digits than this cannot be a body we would accept and would overflow an int.</summary>
    private const int MaxDigits = 10;

    /// <summary>
    /// Parses the value bytes (LWS around it allowed). A sign, a non-digit, an empty value or more than ten digits is
    /// <see cref="SipFailureReason.InvalidContentLength"/>; a number over <paramref name="maxBody"/> is
    /// <see cref="SipFailureReason.BodyTooLarge"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, int maxBody, out int length, out SipFailure failure)
    {
        length = 0;
        failure = default;
        var digits = SipBytes.TrimLws(value);

        // Utf8Parser would take a sign; 1*DIGIT does not, so check the characters first.
        if (digits.IsEmpty || digits.Length > MaxDigits || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 ||
            !Utf8Parser.TryParse(digits, out ulong n, out var used) || used != digits.Length)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidContentLength, "Content-Length is not 1*DIGIT of at most 10 digits");
            return false;
        }

        if (n > (ulong)maxBody)
        {
            failure = SipFailure.Of(SipFailureReason.BodyTooLarge, $"Content-Length {n} over the {maxBody}-byte limit");
            return false;
        }

        length = (int)n;
        return true;
    }
}

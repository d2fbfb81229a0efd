using System.Globalization;

namespace PresenceAgent.Sip.Messages;

/// <summary>CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must fit in 32 bits (§8.1.1.5).</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public override string ToString() => $"{Number.ToString(CultureInfo.InvariantCulture)} {Method}";

    public static bool TryParse(ReadOnlySpan<char> text, out CSeqHeader value)
    {
        value = default;
        text = text.Trim(" \t");
        var sp = text.IndexOfAny(' ', '\t');
        if (sp <= 0)
        {
            return false;
        }

        var digits = text[..sp];
        var method = text[sp..].Trim(" \t");
        if (digits.Length > 10 || !uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
            !SipGrammar.IsToken(method))
        {
            return false;
        }

        value = new CSeqHeader(n, SipMethods.Intern(method));
        return true;
    }
}

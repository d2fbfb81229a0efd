using System.Globalization;

namespace PresenceAgent.Sip.Messages;

/// <summary>CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must fit in 32 bits (§8.1.1.5).</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public override string ToString() => $"{Number.ToString(CultureInfo.InvariantCulture)} {Method}";

    public static bool TryParse(ReadOnlySpan<char> text, out CSeqHeader value)
    {
        using var utf8 = new Utf8Value(text, stackalloc byte[Utf8Value.ScratchBytes]);
        return TryParse(utf8.Span, out value);
    }

    internal static bool TryParse(ReadOnlySpan<byte> text, out CSeqHeader value)
    {
        if (!TryScan(text, out var number, out var method))
        {
            value = default;
            return false;
        }

        value = new CSeqHeader(number, SipMethods.Intern(method));
        return true;
    }

    /// <summary>The grammar, over UTF-8 bytes; <paramref name="method"/> is a slice of <paramref name="text"/>.</summary>
    internal static bool TryScan(ReadOnlySpan<byte> text, out uint number, out ReadOnlySpan<byte> method)
    {
        number = 0;
        text = text.TrimWsp();
        var sp = text.IndexOfAny((byte)' ', (byte)'\t');
        method = sp <= 0 ? default : text[sp..].TrimWsp();
        if (sp <= 0 || sp > 10 || !SipGrammar.TryParseDigits(text[..sp], out var n) || n > uint.MaxValue)
        {
            return false;
        }

        number = (uint)n;
        return SipGrammar.IsToken(method);
    }

    /// <summary>Names what is wrong with a CSeq value that <see cref="TryScan"/> refused, for the reason phrase.</summary>
    internal static string DescribeFault(ReadOnlySpan<byte> value)
    {
        var text = value.TrimWsp();
        var end = text.IndexOfAny(" \t"u8);
        var digits = end < 0 ? text : text[..end];
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return "CSeq number is not 1*DIGIT";
        }

        if (digits.Length > 10 || ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) > uint.MaxValue)
        {
            return "CSeq number is over 2^32-1";
        }

        return end < 0 ? "CSeq has no method" : "CSeq method is not a token";
    }
}

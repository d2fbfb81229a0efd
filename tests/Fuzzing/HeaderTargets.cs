using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Fuzzing;

/// <summary>
/// The header readers on one value, decoded as the parser decodes a field (UTF-8). What a reader accepts it must
/// write back in a form it accepts again: responses and relayed requests carry these values.
/// </summary>
internal static class HeaderTargets
{
    public static void NameAddress(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (Sip.Messages.NameAddress.TryParse(text, out var value))
        {
            _ = value.Tag;
            _ = value.Uri.UserUnescaped;
            Reparses<Sip.Messages.NameAddress>(value.ToString(), Sip.Messages.NameAddress.TryParse);
        }
    }

    public static void Via(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (ViaHeader.TryParse(text, out var value))
        {
            _ = value.RPort;
            _ = value.HasRfc3261Branch;
            Reparses<ViaHeader>(value.ToString(), ViaHeader.TryParse);
        }
    }

    public static void Uri(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (SipUri.TryParse(text, out var value))
        {
            _ = value.AddressOfRecord;
            _ = value.HostWithoutBrackets;
            Reparses<SipUri>(value.ToString(), SipUri.TryParse);
            Reparses<SipUri>(value.WithoutHeaders().ToString(), SipUri.TryParse);
        }

        _ = SipUri.TryParseHostPort(text, out _, out _);
    }

    public static void CSeq(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (CSeqHeader.TryParse(text, out var value))
        {
            Reparses<CSeqHeader>(value.ToString(), CSeqHeader.TryParse);
        }
    }

    /// <summary>SipParameters runs ParameterReader; the list splitter runs on the same bytes as the parser does for list headers.</summary>
    public static void Parameters(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        _ = SipParameters.TryParse(text, out _);
        _ = HeaderValueList.Split(text);
    }

    /// <summary>Every reader on the same input, for one run that covers them all.</summary>
    public static void All(byte[] input)
    {
        NameAddress(input);
        Via(input);
        Uri(input);
        CSeq(input);
        Parameters(input);
    }

    private delegate bool Reader<T>(ReadOnlySpan<char> text, out T value);

    private static void Reparses<T>(string written, Reader<T> read) =>
        ContractException.Check(read(written, out _), $"{typeof(T).Name} accepted but its text does not parse again: {written}");
}

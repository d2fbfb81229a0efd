using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// The header readers (NameAddress, ViaHeader, SipUri, CSeqHeader, SipParameters over ParameterReader, the list
/// splitter): any text gets true or false and never an exception; whatever they accept prints as text they accept
/// again (responses and relayed requests carry it); and well-formed values read as what was written.
/// </summary>
public sealed class HeaderReaderProperties
{
    private static readonly string s_sipChars = "<>\"\\;:,=@?&%/[]* \t\r\n\0\u00e9\u4e2d\ud83d\ude00" + "sip:SIP/2.0/UDPtagbranchz9hG4bK0123456789abcxyz.-";

    private static readonly Gen<string> Valid = Gen.OneOf(SipGen.NameAddress, SipGen.Via, SipGen.Uri, SipGen.Parameters(4),
        from n in SipGen.CSeqNumber from m in SipGen.Method select $"{n.ToString(CultureInfo.InvariantCulture)} {m}");

    /// <summary>Any string, strings over the characters the grammars turn on, and valid values with a character changed.</summary>
    private static readonly Gen<string> AnyText = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        SipGen.StringOf(s_sipChars, 0, 120),
        from valid in Valid
        from at in Gen.Choose(0, 1000)
        from c in Gen.Elements(s_sipChars.ToCharArray())
        from edit in Gen.Choose(0, 2)
        let i = at % (valid.Length + 1)
        select edit switch
        {
            0 => valid.Insert(i, c.ToString()),
            1 when i < valid.Length => valid.Remove(i, 1),
            _ => valid[..i],
        });

    [Property(MaxTest = 2000)]
    public Property Readers_answer_any_text_and_reread_what_they_print() =>
        Prop.ForAll(AnyText.ToArbitrary(), text =>
        {
            if (NameAddress.TryParse(text, out var address))
            {
                _ = address.Tag;
                _ = address.Uri.UserUnescaped;
                Assert.True(NameAddress.TryParse(address.ToString(), out _), address.ToString());
            }

            if (ViaHeader.TryParse(text, out var via))
            {
                _ = via.RPort;
                Assert.True(ViaHeader.TryParse(via.ToString(), out _), via.ToString());
            }

            if (SipUri.TryParse(text, out var uri))
            {
                _ = uri.AddressOfRecord;
                Assert.True(SipUri.TryParse(uri.ToString(), out _), uri.ToString());
            }

            if (CSeqHeader.TryParse(text, out var cseq))
            {
                Assert.True(CSeqHeader.TryParse(cseq.ToString(), out _), cseq.ToString());
            }

            _ = SipParameters.TryParse(text, out _);
            _ = ParameterReader.IsValid(Encoding.UTF8.GetBytes(text));
            _ = HeaderValueList.Split(text);
            _ = SipUri.TryParseHostPort(text, out _, out _);
        });

    [Property(MaxTest = 1000)]
    public Property Well_formed_uris_read_as_written() =>
        Prop.ForAll(SipGen.Uri.ToArbitrary(), text =>
        {
            Assert.True(SipUri.TryParse(text, out var uri));
            Assert.Equal(text, uri.ToString());
        });

    [Property(MaxTest = 1000)]
    public Property Well_formed_vias_read_as_written() =>
        Prop.ForAll(SipGen.Via.ToArbitrary(), text =>
        {
            Assert.True(ViaHeader.TryParse(text, out var via));
            Assert.Equal(text, via.ToString());
            Assert.True(via.HasRfc3261Branch);
        });

    /// <summary>A name-addr prints canonically (display name quoted, URI in brackets), so printing is a fixpoint.</summary>
    [Property(MaxTest = 1000)]
    public Property Well_formed_name_addresses_print_to_a_fixpoint() =>
        Prop.ForAll(SipGen.NameAddress.ToArbitrary(), text =>
        {
            Assert.True(NameAddress.TryParse(text, out var address));
            Assert.True(NameAddress.TryParse(address.ToString(), out var again));
            Assert.Equal(address.ToString(), again.ToString());
            // An empty display name ("" <sip:…>) is no display name: it is not printed.
            Assert.Equal(address.DisplayName ?? "", again.DisplayName ?? "");
            Assert.Equal(address.Tag, again.Tag);
        });

    [Property(MaxTest = 1000)]
    public Property Well_formed_parameters_read_as_written() =>
        Prop.ForAll(SipGen.Parameters(5).ToArbitrary(), text =>
        {
            Assert.True(SipParameters.TryParse(text, out var parameters));
            var printed = new StringBuilder();
            parameters.AppendTo(printed);
            Assert.Equal(text, printed.ToString());
        });

    [Property(MaxTest = 1000)]
    public Property Well_formed_cseqs_read_as_written() =>
        Prop.ForAll(SipGen.CSeqNumber.ToArbitrary(), SipGen.Method.ToArbitrary(), (number, method) =>
        {
            Assert.True(CSeqHeader.TryParse($"{number.ToString(CultureInfo.InvariantCulture)} {method}", out var cseq));
            Assert.Equal(new CSeqHeader(number, method), cseq);
        });
}

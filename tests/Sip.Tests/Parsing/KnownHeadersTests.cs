using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Parsing;

public sealed class KnownHeadersTests
{
    public static TheoryData<HeaderKind> Kinds()
    {
        var data = new TheoryData<HeaderKind>();
        foreach (var kind in Enum.GetValues<HeaderKind>().Where(k => k != HeaderKind.Unknown))
        {
            data.Add(kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_long_name_maps_in_any_case(HeaderKind kind)
    {
        var name = HeaderDescriptor.Get(kind).Name;
        Assert.Equal(kind, KnownHeaders.Get(Encoding.ASCII.GetBytes(name)));
        Assert.Equal(kind, KnownHeaders.Get(Encoding.ASCII.GetBytes(name.ToUpperInvariant())));
        Assert.Equal(kind, KnownHeaders.Get(Encoding.ASCII.GetBytes(name.ToLowerInvariant())));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_compact_form_maps_in_either_case(HeaderKind kind)
    {
        if (HeaderDescriptor.Get(kind).CompactForm is not { } c)
        {
            return;
        }

        Assert.Equal(kind, KnownHeaders.Get([(byte)char.ToLowerInvariant(c)]));
        Assert.Equal(kind, KnownHeaders.Get([(byte)char.ToUpperInvariant(c)]));
    }

    [Theory]
    [InlineData("i", HeaderKind.CallId)]
    [InlineData("m", HeaderKind.Contact)]
    [InlineData("e", HeaderKind.ContentEncoding)]
    [InlineData("l", HeaderKind.ContentLength)]
    [InlineData("f", HeaderKind.From)]
    [InlineData("t", HeaderKind.To)]
    [InlineData("v", HeaderKind.Via)]
    [InlineData("k", HeaderKind.Supported)]
    [InlineData("c", HeaderKind.ContentType)]
    [InlineData("s", HeaderKind.Subject)]
    [InlineData("o", HeaderKind.Event)]
    [InlineData("u", HeaderKind.AllowEvents)]
    [InlineData("r", HeaderKind.ReferTo)]
    [InlineData("x", HeaderKind.SessionExpires)]
    [InlineData("b", HeaderKind.ReferredBy)]
    [InlineData("CaLl-Id", HeaderKind.CallId)]
    [InlineData("MAX-FORWARDS", HeaderKind.MaxForwards)]
    [InlineData("www-authenticate", HeaderKind.WwwAuthenticate)]
    public void Maps_the_compact_forms_the_rfcs_define(string name, HeaderKind kind) =>
        Assert.Equal(kind, KnownHeaders.Get(Encoding.ASCII.GetBytes(name)));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("z")]
    [InlineData("@")]
    [InlineData("`")]
    [InlineData("Tp")]
    [InlineData("Vib")]
    [InlineData("Contacts")]
    [InlineData("Content-Lengthy")]
    [InlineData("Content-Lengt")]
    [InlineData("X-Via")]
    [InlineData("Call_ID")]
    [InlineData("Accept-Encodinh")]
    [InlineData("Session_Expires")]
    [InlineData("ms-diagnostics-privat")]
    [InlineData("C%6Fntact")]
    public void Anything_else_is_unknown(string name) =>
        Assert.Equal(HeaderKind.Unknown, KnownHeaders.Get(Encoding.ASCII.GetBytes(name)));
}

using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Messages;

/// <summary>
/// The one-pass readers of the common URI, name-addr, via-parm and header-parameter shapes agree with the general
/// grammar: on what they accept they give the same parts (the same slices of the input), and what they do not take is
/// left to that grammar, so every input is accepted or refused as before.
/// </summary>
public sealed class PlainShapeTests
{
    public static TheoryData<string> Uris =>
    [
        "sip:user@host:5060", "sip:user@host", "SIP:user@HOST", "sips:alice@example.com:5061;transport=tls", "SiPs:a@b",
        "sip:host", "sip:host:5060;lr", "sip:192.0.2.1", "sip:[2001:db8::1]:5060", "sip:user@[::1]", "sip:us%20er@host",
        "sip:user:pw@host", "sip:user:@host", "sip:user@host?subject=x", "sip:user@host;x=%41", "sip:a@b;x[1]=[2001:db8::1]",
        "sip:+1-212-555-1212;phone-context=x@gw;user=phone", "sip:user@host:65535", "sip:user@host:65536",
        "sip:user@host:050600", "sip:user@host:05060", "sip:user@host:", "sip:@host", "sip:user@", "sip:user@-host",
        "sip:user@.host", "sip:user@host.", "sip:user@host;", "sip:user@host;=x", "sip:user@host;x=", "sip:user@host;a;b=c",
        "tel:+12125551212", "sip:", "sips:", "sip:a@b@c", "sip:user@host ;lr", "sip:a?b@host", "sip:host;transport=udp@x",
        "sip:user@host:5060:5060", "sip:user@host:5060x", "sip:user@host;x=a=b", "sip:user@host;lr?", "sipx:user@host",
        "si:user@host", "sip:user@ho st", "sip:user@host\t", "sip:user@host>", "sip:user@" + new string('h', 256),
    ];

    public static TheoryData<string> NameAddresses =>
    [
        "<sip:user@host:5060>;tag=x", "<sip:user@host>", "  <sip:user@host>  ", "<SIP:user@host>;TAG=abc",
        "<sips:user@host>;tag=a;epid=b", "<sip:user@host>;epid=b;tag=a", "<sip:user@host>;tag=a;tag=b", "<sip:user@host>;tag",
        "<sip:user@host>;tag=", "<sip:user@host> ;tag=x", "<sip:user@host>;tag = x", "<sip:user@host>;tag=\"q;r\"",
        "\"Bob\" <sip:bob@host>;tag=1", "Bob <sip:bob@host>", "\"B\\\"ob\"<sip:bob@host>", "<sip:[::1]:5060>",
        "<sip:user@host;transport=udp>;expires=60", "<sip:w1@127.0.0.1:5080;transport=UDP>", "sip:user@host;tag=x",
        "sip:user@host", "<sip:user@host", "<sip:user@host>>", "<sip:us%41er@host>", "*", "<sip:user@host>;",
        "<sip:user@host>x", "<sip:user@host?x=y>", "<tel:123>", "<sip:user@host>;a=b;;c", "<sip:user@host>,<sip:x@y>",
        "<>", "<sip:user@host:>;tag=1", "<sip:user@host>;tag=a%41", "<sip:user@host>;tåg=1", "<sip:user@host>;tag=1\t",
        "\"\" <sip:a@b>", "\"a<b>\" <sip:a@b>", "\"Bob\"", "\"Bob\" sip:a@b", "\"Bob\"\t<sip:a@b>", "\"Bob\" x <sip:a@b>",
        "\"Bob <sip:a@b>", "\"Bøb\" <sips:a@b>;tag=1", "\"a\\\\\" <sip:a@b>", "\"Bob\"<sip:a@b>>", "\"a\\\" <sip:a@b>",
    ];

    public static TheoryData<string> Vias =>
    [
        "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-1;rport", "SIP/2.0/UDP host", "SIP/2.0/TCP host:5060",
        "SIP/2.0/UDP [::1]:5060;branch=z9hG4bKx", "SIP/2.0/UDP  host:5060;branch=x", "SIP/2.0/UDP\thost",
        "SIP / 2.0 / UDP host;branch=x", "sip/2.0/udp host", "SIP/2.0/UDP host :5060", "SIP/2.0/UDP host: 5060",
        "SIP/2.0/UDP host:5060 ;branch=x", "SIP/2.0/UDP host;branch", "SIP/2.0/UDP host;branch=",
        "SIP/2.0/UDP host;BRANCH=z9hG4bKA;branch=2", "SIP/2.0/UDP host;received=192.0.2.4;branch=z", "SIP/2.0/UDP host;x=\"a;b\"",
        "SIP/2.0/UDP host:99999", "SIP/2.0/UDP", "SIP/2.0/ host", "SIP/2.0/UDP ;branch=x", "SIP/2.0/UDP -host",
        "  SIP/2.0/UDP host  ", "SIP/2.0/UDPhost", "SIP/2.0/UDP host,", "SIP/2.0/UDP host;rport;branch=z9hG4bK1",
        "SIP/2.0/UDP host:5060:1", "SIP/2.0/UDP user@host",
    ];

    [Theory]
    [InlineData("sip:w1@127.0.0.1:5080;transport=UDP")]
    [InlineData("SIPS:Alice@Example.COM")]
    [InlineData("sip:room1@conf.bench.local")]
    [InlineData("sip:fe01.corp.example.net:5061;transport=tls;opaque=state:T;lr")]
    public void Plain_uris_take_the_one_pass_reading(string uri)
    {
        var text = Encoding.UTF8.GetBytes(uri);
        Assert.Equal(text.Length, SipUri.ScanPlain(text, out _));
    }

    [Theory]
    [InlineData("<sip:w1@bench.local>;tag=1SIPpTag01")]
    [InlineData("<sip:room1@conf.bench.local>")]
    [InlineData("<sip:bob@corp.example.net>;tag=4f2a9c7d1e;epid=5d1e0a77b2")]
    [InlineData("<sips:w1@127.0.0.1:5080;transport=UDP>")]
    [InlineData("\"Bob Smith\" <sip:bob@corp.example.net>;tag=4f2a")]
    [InlineData("\"\"<sip:bob@corp.example.net>")]
    public void Plain_name_addresses_take_the_one_pass_reading(string value) =>
        Assert.True(NameAddress.TryScanPlain(Encoding.UTF8.GetBytes(value), out _));

    [Theory]
    [InlineData("SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-21617-1-0")]
    [InlineData("SIP/2.0/TLS 10.1.1.20:5061;branch=z9hG4bK7a1c.9d2b;branched=FALSE;ms-received-port=5061")]
    [InlineData("SIP/2.0/UDP host;rport")]
    [InlineData("SIP/2.0/TCP host")]
    public void Plain_vias_take_the_one_pass_reading(string value) =>
        Assert.True(ViaHeader.TryScanPlain(Encoding.UTF8.GetBytes(value), out _));

    [Theory]
    [MemberData(nameof(Uris))]
    public void Uris_read_as_the_general_grammar_reads_them(string uri) => AssertUriAgrees(Encoding.UTF8.GetBytes(uri));

    [Theory]
    [MemberData(nameof(NameAddresses))]
    public void Name_addresses_read_as_the_general_grammar_reads_them(string value) =>
        AssertNameAddressAgrees(Encoding.UTF8.GetBytes(value));

    [Theory]
    [MemberData(nameof(Vias))]
    public void Vias_read_as_the_general_grammar_reads_them(string value) => AssertViaAgrees(Encoding.UTF8.GetBytes(value));

    [Theory]
    [MemberData(nameof(NameAddresses))]
    [MemberData(nameof(Vias))]
    public void Header_parameters_read_as_the_reader_reads_them(string value)
    {
        var text = Encoding.UTF8.GetBytes(value);
        var semi = Array.IndexOf(text, (byte)';');
        AssertParametersAgree(semi < 0 ? [] : text[semi..]);
        AssertParametersAgree(text);
    }

    /// <summary>Common shapes with bytes replaced, inserted or removed, from a fixed seed: the readers agree on every one.</summary>
    [Fact]
    public void Mutated_common_shapes_read_as_the_general_grammar_reads_them()
    {
        var random = new Random(4475);
        var alphabet = "<>@:;=?%[]\"\\ \t,.-_09aZsSiIpP/!~*'()&+$`"u8.ToArray();
        string[] uris = ["sip:w1@127.0.0.1:5080;transport=UDP", "sips:room1@conf.bench.local", "sip:host:5060;lr"];
        string[] nameAddresses = ["<sip:w1@bench.local:5060>;tag=1SIPpTag01", "<sip:room1@conf.bench.local;transport=tcp>;epid=x;tag=y", "\"Bob\" <sip:b@h>;tag=1"];
        string[] vias = ["SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-21617-1-0;rport", "SIP/2.0/TCP host;received=a;branch=b"];
        for (var n = 0; n < 20_000; n++)
        {
            AssertUriAgrees(Mutate(random, uris[n % uris.Length], alphabet));
            var nameAddress = Mutate(random, nameAddresses[n % nameAddresses.Length], alphabet);
            AssertNameAddressAgrees(nameAddress);
            AssertParametersAgree(nameAddress);
            var via = Mutate(random, vias[n % vias.Length], alphabet);
            AssertViaAgrees(via);
            AssertParametersAgree(via);
        }
    }

    private static byte[] Mutate(Random random, string seed, byte[] alphabet)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(seed));
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            var b = alphabet[random.Next(alphabet.Length)];
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = b;
                    break;
                case 1:
                    bytes.Insert(at, b);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static void AssertUriAgrees(byte[] text)
    {
        var expected = SipUri.TryScanGeneral(text, out var general);
        Assert.Equal(expected, SipUri.TryScan(text, out var parts));
        if (expected)
        {
            AssertUriParts(text, general, parts);
        }
    }

    private static void AssertNameAddressAgrees(byte[] text)
    {
        var expected = NameAddress.TryScanGeneral(text, out var general);
        Assert.Equal(expected, NameAddress.TryScan(text, out var parts));
        if (!expected)
        {
            return;
        }

        Assert.Equal(general.IsWildcard, parts.IsWildcard);
        Assert.Equal(general.IsQuoted, parts.IsQuoted);
        Assert.Equal(general.HasTag, parts.HasTag);
        AssertSlice(text, general.DisplayName, parts.DisplayName);
        AssertSlice(text, general.Tag, parts.Tag);
        AssertSlice(text, general.Parameters, parts.Parameters);
        AssertUriParts(text, general.Uri, parts.Uri);
    }

    private static void AssertViaAgrees(byte[] text)
    {
        var expected = ViaHeader.TryScanGeneral(text, new byte[Utf8Value.ScratchBytes], out var general);
        Assert.Equal(expected, ViaHeader.TryScan(text, new byte[Utf8Value.ScratchBytes], out var parts));
        if (!expected)
        {
            return;
        }

        Assert.Equal(general.Port, parts.Port);
        Assert.Equal(general.HasBranch, parts.HasBranch);
        AssertSlice(text, general.ProtocolName, parts.ProtocolName);
        AssertSlice(text, general.ProtocolVersion, parts.ProtocolVersion);
        AssertSlice(text, general.Transport, parts.Transport);
        AssertSlice(text, general.Host, parts.Host);
        AssertSlice(text, general.Branch, parts.Branch);
        AssertSlice(text, general.Parameters, parts.Parameters);
    }

    /// <summary>The one-pass reading, where it takes the text, finds what reading parameter by parameter finds.</summary>
    private static void AssertParametersAgree(byte[] text)
    {
        if (!ParameterReader.TryReadPlain(text, "tag"u8, out var hasValue, out var value))
        {
            return;
        }

        var reader = new ParameterReader(text);
        var seen = false;
        var expectedHasValue = false;
        ReadOnlySpan<byte> expectedValue = default;
        while (reader.MoveNext())
        {
            if (!seen && Ascii.EqualsIgnoreCase(reader.Name, "tag"u8))
            {
                seen = true;
                expectedHasValue = reader.HasValue;
                expectedValue = reader.Value;
            }
        }

        Assert.False(reader.Failed, Encoding.UTF8.GetString(text));
        Assert.Equal(expectedHasValue, hasValue);
        AssertSlice(text, expectedValue, value);
    }

    private static void AssertUriParts(byte[] text, in SipUriParts expected, in SipUriParts actual)
    {
        Assert.Equal(expected.IsSip, actual.IsSip);
        Assert.Equal(expected.HasPassword, actual.HasPassword);
        Assert.Equal(expected.Port, actual.Port);
        AssertSlice(text, expected.Scheme, actual.Scheme);
        AssertSlice(text, expected.Opaque, actual.Opaque);
        AssertSlice(text, expected.User, actual.User);
        AssertSlice(text, expected.Password, actual.Password);
        AssertSlice(text, expected.Host, actual.Host);
        AssertSlice(text, expected.Parameters, actual.Parameters);
        AssertSlice(text, expected.Headers, actual.Headers);
    }

    /// <summary>The same bytes, and where the expected slice is one of the input, the same slice of it.</summary>
    private static void AssertSlice(byte[] input, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.ToArray(), actual.ToArray());
        if (((ReadOnlySpan<byte>)input).Overlaps(expected, out var expectedOffset))
        {
            Assert.True(((ReadOnlySpan<byte>)input).Overlaps(actual, out var actualOffset) && actualOffset == expectedOffset, Encoding.UTF8.GetString(input));
        }
    }
}

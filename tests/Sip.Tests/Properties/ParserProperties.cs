using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// Issue #9 §7 (a): nothing past the receive loop. For any bytes, and for valid messages after byte flips,
/// truncation, insertions, header duplication, huge values and CR/LF games, the framer and the parser give an answer
/// or a typed failure and never throw. Replaces the seeded ParserFuzzTests; FsCheck reports a failing case's seed.
/// </summary>
public sealed class ParserProperties
{
    private static readonly byte[] s_sipBytes = "\r\n \t:;,\"<>%\\@=?/[]*\0\u007fSIP/2.0 INVITE sip:a@b Via: Content-Length: 0 z9hG4bK l: v: \u00ff"u8.ToArray();

    /// <summary>Random bytes, and random strings over the bytes SIP syntax turns on.</summary>
    private static readonly Gen<byte[]> Garbage = Gen.OneOf(
        from n in Gen.Choose(0, 2_000)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)
        select bytes,
        from n in Gen.Choose(0, 2_000)
        from bytes in Gen.ArrayOf(Gen.Elements(s_sipBytes), n)
        select bytes);

    [Property(MaxTest = 1000)]
    public Property Any_bytes_get_an_answer() =>
        Prop.ForAll(Garbage.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), ReceiveContract.Check);

    [Property(MaxTest = 1000)]
    public Property Mutated_messages_get_an_answer() =>
        Prop.ForAll(MutatedInput.Any.ToArbitrary(), input => ReceiveContract.Check(input.Bytes, input.Cut));

    /// <summary>The mutations must reach both sides of the parser to mean anything; a fixed seed keeps this exact.</summary>
    [Fact]
    public void Mutated_messages_are_both_accepted_and_refused()
    {
        var inputs = Gen.Sample(MutatedInput.Any, 500, new Rnd(20260601), 50);
        var accepted = inputs.Count(i => SipMessageParser.Parse(i.Bytes, new SipLimits(), isDatagram: true).Success);
        Assert.InRange(accepted, inputs.Length / 20, inputs.Length * 9 / 10);
    }
}

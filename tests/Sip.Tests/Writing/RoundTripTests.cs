using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Tests.Parsing;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Tests.Writing;

/// <summary>Parse, write, parse again: the start line, every header (name, order, unfolded value) and the body survive.</summary>
public sealed class RoundTripTests
{
    private static readonly SipLimits s_limits = new();

    public static TheoryData<string> ValidTortureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (file, verdict) in TortureVerdicts.All.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (verdict.Reason is null)
            {
                data.Add(file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidTortureFiles))]
    public void Torture_message_round_trips(string file) => AssertRoundTrip(TortureCorpus.Read(file));

    [Theory]
    [MemberData(nameof(SampleMessages.Names), MemberType = typeof(SampleMessages))]
    public void Sample_message_round_trips(string name) => AssertRoundTrip(SampleMessages.All[name]);

    internal static void AssertRoundTrip(byte[] bytes)
    {
        var first = SipMessageParser.Parse(bytes, s_limits, isDatagram: true);
        Assert.True(first.Success, first.Failure?.ToString());
        var written = SipMessageWriter.ToArray(first.Message!);

        // The writer always frames with Content-Length, so the output must also parse as a stream message.
        var second = SipMessageParser.Parse(written, s_limits, isDatagram: false);
        Assert.True(second.Success, second.Failure?.ToString());
        AssertSame(first.Message!, second.Message!);

        // Writing is canonical: a second round changes nothing.
        Assert.Equal(written, SipMessageWriter.ToArray(second.Message!));
    }

    private static void AssertSame(SipMessage expected, SipMessage actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        if (expected is SipRequest request)
        {
            var other = (SipRequest)actual;
            Assert.Equal(request.Method, other.Method);
            Assert.Equal(request.RequestUri.ToString(), other.RequestUri.ToString());
        }
        else
        {
            var response = (SipResponse)expected;
            var other = (SipResponse)actual;
            Assert.Equal(response.StatusCode, other.StatusCode);
            Assert.Equal(response.ReasonPhrase, other.ReasonPhrase);
        }

        // Content-Length is recomputed (and added when the datagram had none), so compare it separately.
        Assert.Equal(Fields(expected), Fields(actual));
        var lengths = actual.Headers.Where(h => h.Kind == HeaderKind.ContentLength).ToList();
        Assert.Single(lengths);
        Assert.Equal(expected.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), lengths[0].Value);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }

    private static List<(string Name, string Value)> Fields(SipMessage message) =>
        message.Headers.Where(h => h.Kind != HeaderKind.ContentLength).Select(h => (h.Name, h.Value)).ToList();
}

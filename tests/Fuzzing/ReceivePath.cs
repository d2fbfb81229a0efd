using System.Runtime.InteropServices;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Fuzzing;

/// <summary>What the transport does with one whole message (SipTransportLayer.Deliver), plus the round-trip contract.</summary>
internal static class ReceivePath
{
    public static readonly SipLimits Limits = new();

    // Written messages use long names and always carry Content-Length, so they may need more room than the original.
    private static readonly SipLimits s_roomy = new() { MaxHeaderSectionBytes = 1024 * 1024, MaxHeaderCount = 10_000 };

    public static void Deliver(byte[] data, bool isDatagram)
    {
        var result = SipMessageParser.Parse(data, Limits, isDatagram);
        ContractException.Check(result.Success == result.Failure is null, "Success disagrees with Failure");
        if (!isDatagram)
        {
            CheckFraming(data, result);
        }

        if (result.Failure is { } failure)
        {
            Reject(result.Message, failure);
            return;
        }

        var message = result.Message ?? throw new ContractException("success without a message");
        ReadViews(message);
        var written = SipMessageWriter.ToArray(message);
        var again = SipMessageParser.Parse(written, s_roomy, isDatagram: false);
        ContractException.Check(again.Success, $"accepted message does not parse after writing: {again.Failure}");
        ContractException.Check(Fields(message).SequenceEqual(Fields(again.Message!)), "a header changed in the round trip");
        ContractException.Check(message.Body.Span.SequenceEqual(again.Message!.Body.Span), "the body changed in the round trip");
        if (message is SipRequest request)
        {
            // The answer copies Via, From, To, Call-ID and CSeq: it must parse wherever it is sent.
            var answer = SipMessageParser.Parse(SipMessageWriter.ToArray(SipResponseFactory.Create(request, 200)), s_roomy, isDatagram: false);
            ContractException.Check(answer.Success, $"the answer to an accepted request does not parse: {answer.Failure}");
        }
    }

    /// <summary>
    /// A frame must parse as the frame the framer cut: no disagreement about Content-Length, and the body ends where the
    /// frame ends; otherwise the next message on the connection would start in the wrong place.
    /// </summary>
    private static void CheckFraming(byte[] frame, SipParseResult result)
    {
        ContractException.Check(
            result.Failure?.Reason is not (SipFailureReason.InvalidContentLength or SipFailureReason.BodyShorterThanContentLength)
            && !(result.Failure is { Reason: SipFailureReason.MissingRequiredHeader or SipFailureReason.DuplicateSingleHeader } f && f.Detail.Contains("Content-Length", StringComparison.Ordinal)),
            $"framed, then refused: {result.Failure}");
        if (result.Success)
        {
            ContractException.Check(
                MemoryMarshal.TryGetArray(result.Message!.Body, out var body) && body.Offset + body.Count == frame.Length,
                "the body does not end where the frame ends");
        }
    }

    /// <summary>A broken request is still answered when it has a Via and is no ACK (SipTransportLayer.RejectMalformed).</summary>
    public static void Reject(SipMessage? partial, SipFailure failure)
    {
        _ = failure.ReasonPhrase;
        if (partial is not null)
        {
            _ = SipMessageWriter.ToArray(partial);
        }

        if (partial is SipRequest request && request.TopVia is not null && request.Method != SipMethods.Ack)
        {
            _ = SipMessageWriter.ToArray(SipResponseFactory.Create(request, failure.StatusCode, failure.ReasonPhrase));
        }
    }

    /// <summary>Every typed view the stack reads; each must read as a value or null, never throw.</summary>
    private static void ReadViews(SipMessage message)
    {
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.TopVia?.ToString();
        _ = message.From?.ToString();
        _ = message.To?.Tag;
        _ = message.Contact?.ToString();
        _ = message.Expires;
        _ = message.ContentType;
        foreach (var via in message.Vias)
        {
            _ = via.RPort;
        }

        if (message is SipRequest request)
        {
            _ = request.RequestUri.AddressOfRecord;
            _ = request.MaxForwards;
            _ = request.EventPackage;
        }
    }

    private static IEnumerable<(string Name, string Value)> Fields(SipMessage message) =>
        message.Headers.Where(h => h.Kind != HeaderKind.ContentLength).Select(h => (h.Name, h.Value));
}

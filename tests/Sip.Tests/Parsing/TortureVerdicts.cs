using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Parsing;

/// <summary>
/// What our parser does with each RFC 4475 message. Reason null = accepted. Where the RFC leaves the choice to us
/// (invalid-liberal, either) the row says which way we went and why.
/// </summary>
internal static class TortureVerdicts
{
    public static readonly IReadOnlyDictionary<string, (SipFailureReason? Reason, string Why)> All =
        new Dictionary<string, (SipFailureReason?, string)>(StringComparer.Ordinal)
        {
            // valid
            ["wsinv.dat"] = (null, "folding, LWS before colons, compact and odd-case names"),
            ["intmeth.dat"] = (null, "unusual but legal method token; the core answers 501/405"),
            ["esc01.dat"] = (null, "escapes in URIs"),
            ["escnull.dat"] = (null, "escaped NUL in URIs"),
            ["esc02.dat"] = (null, "unknown method RE%47IST%45R, answered by the core"),
            ["lwsdisp.dat"] = (null, "no LWS between display name and <"),
            ["longreq.dat"] = (null, "long values, many Vias in all name spellings"),
            ["dblreq.dat"] = (null, "UDP: trailing octets after Content-Length are ignored"),
            ["semiuri.dat"] = (null, "';' in the user part"),
            ["transports.dat"] = (null, "unknown transports in Via"),
            ["mpart01.dat"] = (null, "binary multipart body"),
            ["unkscm.dat"] = (null, "non-SIP Request-URI parses; the core answers 416"),
            ["novelsc.dat"] = (null, "non-SIP Request-URI parses; the core answers 416"),
            ["unksm2.dat"] = (null, "non-SIP URIs in To/From/Contact parse"),
            ["bext01.dat"] = (null, "Require/Proxy-Require are the core's business (420)"),
            ["invut.dat"] = (null, "unknown Content-Type is the core's business (415)"),
            ["regaut01.dat"] = (null, "unknown Authorization scheme is kept raw"),
            ["zeromf.dat"] = (null, "Max-Forwards 0 is legal"),
            ["cparam01.dat"] = (null, "addr-spec Contact with a header parameter"),
            ["cparam02.dat"] = (null, "name-addr Contact with a URI parameter"),
            ["regescrt.dat"] = (null, "escaped headers inside <> are legal in Contact"),
            ["sdp01.dat"] = (null, "Accept is the core's business (406)"),
            ["inv2543.dat"] = (null, "RFC 2543 syntax; no Content-Length, so the datagram's end ends the body"),

            // responses
            ["unreason.dat"] = (null, "UTF-8 reason phrase"),
            ["noreason.dat"] = (null, "empty reason phrase"),
            ["bcast.dat"] = (null, "broadcast Via is for the transaction layer to judge"),
            ["scalarlg.dat"] = (SipFailureReason.InvalidCSeq, "CSeq number over 2^32-1"),
            ["bigcode.dat"] = (SipFailureReason.InvalidStatusCode, "Status-Code is not 3DIGIT"),

            // invalid
            ["badinv01.dat"] = (SipFailureReason.InvalidVia, "empty via-params and list elements (;;,;,,)"),
            ["clerr.dat"] = (SipFailureReason.BodyShorterThanContentLength, "Content-Length 9999, far fewer bytes"),
            ["ncl.dat"] = (SipFailureReason.InvalidContentLength, "negative Content-Length"),
            ["scalar02.dat"] = (SipFailureReason.InvalidCSeq, "CSeq 2^65 is checked first (RFC 4475: 400 due to the CSeq)"),
            ["badvers.dat"] = (SipFailureReason.UnsupportedVersion, "SIP/7.0 in an otherwise well-formed line: 505"),
            ["mismatch01.dat"] = (SipFailureReason.CSeqMethodMismatch, "OPTIONS with CSeq INVITE"),
            ["mismatch02.dat"] = (SipFailureReason.CSeqMethodMismatch, "NEWMETHOD with CSeq INVITE: 400 (the RFC allows it)"),
            ["insuf.dat"] = (SipFailureReason.MissingRequiredHeader, "no To, From, Call-ID"),
            ["multi01.dat"] = (SipFailureReason.DuplicateSingleHeader, "two To, From, Call-ID, CSeq"),
            ["mcl01.dat"] = (SipFailureReason.DuplicateSingleHeader, "two Content-Length values"),
            ["test.dat"] = (SipFailureReason.MalformedStartLine, "no SIP-Version (and a header without a colon)"),

            // invalid-liberal: we reject whatever the RFC lets us reject, except what we never read
            ["quotbal.dat"] = (SipFailureReason.InvalidNameAddress, "REJECT: unterminated quote in To; we do not guess"),
            ["ltgtruri.dat"] = (SipFailureReason.InvalidRequestUri, "REJECT: Request-URI in <>"),
            ["lwsruri.dat"] = (SipFailureReason.MalformedStartLine, "REJECT: LWS inside the Request-URI"),
            ["lwsstart.dat"] = (SipFailureReason.MalformedStartLine, "REJECT: two SPs between Request-Line elements"),
            ["trws.dat"] = (SipFailureReason.MalformedStartLine, "REJECT: SP after SIP/2.0"),
            ["escruri.dat"] = (SipFailureReason.InvalidRequestUri, "REJECT: ?headers in a Request-URI (RFC 3261 §19.1.5)"),
            ["baddate.dat"] = (null, "ACCEPT: we never interpret Date, so its bad zone cannot hurt"),
            ["regbadct.dat"] = (SipFailureReason.InvalidNameAddress, "REJECT: addr-spec Contact with ?headers must be in <>"),
            ["badaspec.dat"] = (SipFailureReason.InvalidNameAddress, "REJECT: spaces inside <> in To"),
            ["baddn.dat"] = (SipFailureReason.InvalidNameAddress, "REJECT: ',' in an unquoted display name (From)"),

            // either
            ["badbranch.dat"] = (null, "ACCEPT: a bare magic-cookie branch is for the transaction layer to match"),
        };
}

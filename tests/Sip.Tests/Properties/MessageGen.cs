using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// Valid requests and responses: the headers RFC 3261 §8.1.1 requires, known headers in long, compact and odd-case
/// spellings, list headers with several values in one field, extension headers, LWS and folds, and bodies.
/// </summary>
internal static class MessageGen
{
    private static readonly Gen<byte[]> Body = Gen.OneOf(
        Gen.Constant(Array.Empty<byte>()),
        from n in Gen.Choose(1, 300)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)
        select bytes);

    private static Gen<GeneratedField[]> Required(string cseqMethod) =>
        from viaCount in Gen.Choose(1, 3)
        from vias in Gen.ArrayOf(Field("Via", SipGen.List(SipGen.Via)), viaCount)
        from fromField in Field("From", from a in SipGen.NameAddress from t in SipGen.Token select $"{a};tag={t}")
        from to in Field("To", SipGen.NameAddress)
        from callId in Field("Call-ID", SipGen.CallId)
        from cseq in Field("CSeq", from n in SipGen.CSeqNumber select $"{n.ToString(CultureInfo.InvariantCulture)} {cseqMethod}")
        select (GeneratedField[])[.. vias, fromField, to, callId, cseq];

    /// <summary>Headers the validation allows once at most.</summary>
    private static readonly Gen<GeneratedField>[] Singles =
    [
        Field("Max-Forwards", from n in Gen.Choose(0, 255) select n.ToString(CultureInfo.InvariantCulture)),
        Field("Expires", SipGen.DeltaSeconds),
        Field("Event", from e in Gen.Elements("presence", "dialog", "presence.winfo") from id in SipGen.Token select $"{e};id={id}"),
        Field("Subscription-State", Gen.Elements("active;expires=3600", "pending", "terminated;reason=timeout")),
    ];

    /// <summary>Extension headers keep their name as received; single letters that are no compact form are extensions too.</summary>
    private static readonly Gen<GeneratedField> Extension =
        from name in Gen.OneOf(from t in SipGen.Token select "X-" + t, Gen.Elements("a", "y", "Z", "P-Asserted-Identity", "ms-client-diagnostics"))
        from value in SipGen.Text
        from field in Styled(name, value)
        select field;

    private static readonly Gen<GeneratedField>[] Repeatable =
    [
        Field("Contact", SipGen.List(SipGen.NameAddress)),
        Field("Route", SipGen.List(from u in SipGen.RequestUri select $"<{u};lr>")),
        Field("Record-Route", SipGen.List(from u in SipGen.RequestUri select $"<{u}>")),
        Field("Supported", SipGen.List(SipGen.Token)),
        Field("Require", SipGen.List(SipGen.Token)),
        Field("Allow-Events", SipGen.List(Gen.Elements("presence", "dialog", "refer"))),
        Field("Accept", SipGen.List(Gen.Elements("application/pidf+xml", "application/msrtc-event-categories+xml;q=0.5", "*/*"))),
        Field("Subject", SipGen.Text),
        Field("User-Agent", SipGen.Text),
        Field("Server", SipGen.Text),
        Field("ms-diagnostics", SipGen.Text),
        Extension,
    ];

    // Declared after the generators it draws on: static fields initialise in order.
    public static readonly Gen<GeneratedMessage> Message =
        from method in Gen.OneOf(Gen.Constant<string?>(null), SipGen.Method.Select(m => (string?)m))
        from requestUri in SipGen.RequestUri
        from status in Gen.Choose(100, 699)
        from reason in SipGen.Text
        from cseqMethod in method is null ? SipGen.Method : Gen.Constant(method)
        from required in Required(cseqMethod)
        from singles in Gen.SubListOf(Singles)
        from singleFields in Gen.CollectToArray(singles)
        from count in Gen.Choose(0, 8)
        from others in Gen.ArrayOf(Gen.OneOf(Repeatable), count)
        from body in Body
        from contentType in Field("Content-Type", Gen.Elements("application/pidf+xml", "multipart/related;type=\"application/rlmi+xml\";boundary=b1", "text/plain;charset=utf-8"))
        from fields in Gen.Shuffle([.. required, .. singleFields, .. others, .. body.Length > 0 ? [contentType] : Array.Empty<GeneratedField>()])
        from lengthName in Gen.Elements("Content-Length", "l", "content-length")
        from lengthAt in Gen.Choose(0, fields.Length)
        select new GeneratedMessage(method, requestUri, status, reason, fields, body, lengthName, lengthAt);

    /// <summary>A known header under any of its names: long, compact (RFC 3261 §7.3.3) or in another case.</summary>
    private static Gen<GeneratedField> Field(string name, Gen<string> value)
    {
        var compact = HeaderDescriptor.Get(HeaderDescriptor.FindByName(name)).CompactForm;
        string[] names = compact is { } c ? [name, c.ToString(), name.ToUpperInvariant()] : [name, name.ToLowerInvariant()];
        return from wireName in Gen.Elements(names)
               from v in value
               from field in Styled(wireName, v)
               select field;
    }

    private static Gen<GeneratedField> Styled(string wireName, string value) =>
        from before in Gen.Elements("", "", " ", "\t")
        from after in Gen.Elements(" ", " ", "", "\t ", "\r\n ")
        from fold in Gen.Elements<string?>(null, null, "\r\n ", "\r\n\t", " \r\n  ")
        select new GeneratedField(wireName, value, before, after, fold);
}

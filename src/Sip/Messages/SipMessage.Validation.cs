using System.Runtime.CompilerServices;
using System.Text;

namespace PresenceAgent.Sip.Messages;

public abstract partial class SipMessage
{
    /// <summary>
    /// Checks the headers every SIP element needs (RFC 3261 §8.1.1): To, From, Call-ID, CSeq, Via, and the
    /// single-value rule of RFC 4475 §3.3.8. The parser calls it, so a parsed message has passed.
    /// </summary>
    /// <remarks>
    /// Values are checked as UTF-8 bytes by the grammar the typed views parse with, so validating builds no string and no
    /// object; the views are still parsed on first use. The first fault in the order below wins.
    /// </remarks>
    // The scratch is written before it is read, so the stack need not be zeroed for it (the counts are cleared).
    [SkipLocalsInit]
    public virtual bool TryValidate(out SipFailure failure)
    {
        failure = default;
        StartScan();

        // One pass counts the fields of each kind, up to two, for the presence and single-value checks.
        Span<byte> counts = stackalloc byte[byte.MaxValue + 1];
        counts.Clear();
        for (var i = 0; i < Headers.Count; i++)
        {
            ref var count = ref counts[(byte)Headers[i].Kind];
            count = (byte)Math.Min(count + 1, 2);
        }

        foreach (var kind in (ReadOnlySpan<HeaderKind>)[HeaderKind.To, HeaderKind.From, HeaderKind.CallId, HeaderKind.CSeq, HeaderKind.Via])
        {
            if (counts[(byte)kind] == 0)
            {
                failure = SipFailure.Of(SipFailureReason.MissingRequiredHeader, $"missing {HeaderDescriptor.Get(kind).Name}");
                return false;
            }

            if (HeaderDescriptor.Get(kind).IsSingle && counts[(byte)kind] > 1)
            {
                failure = SipFailure.Of(SipFailureReason.DuplicateSingleHeader, $"more than one {HeaderDescriptor.Get(kind).Name}");
                return false;
            }
        }

        foreach (var kind in (ReadOnlySpan<HeaderKind>)[HeaderKind.ContentLength, HeaderKind.ContentType, HeaderKind.MaxForwards, HeaderKind.Expires, HeaderKind.Event])
        {
            if (counts[(byte)kind] > 1)
            {
                failure = SipFailure.Of(SipFailureReason.DuplicateSingleHeader, $"more than one {HeaderDescriptor.Get(kind).Name}");
                return false;
            }
        }

        Span<byte> scratch = stackalloc byte[Utf8Value.ScratchBytes];
        if (!IsCallId(scratch))
        {
            failure = SipFailure.Of(SipFailureReason.InvalidCallId, "invalid Call-ID");
            return false;
        }

        if (!IsCSeq(scratch, out var cseqFault))
        {
            failure = SipFailure.Of(SipFailureReason.InvalidCSeq, cseqFault);
            return false;
        }

        var fromIsValid = IsNameAddress(HeaderKind.From, scratch);
        if (!fromIsValid || !IsNameAddress(HeaderKind.To, scratch))
        {
            failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, fromIsValid ? "invalid To" : "invalid From");
            return false;
        }

        if (!ValidateVias(scratch, out failure))
        {
            return false;
        }

        if (counts[(byte)HeaderKind.Expires] > 0 && Expires is null)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidExpires, "Expires is not delta-seconds up to 2^32-1");
            return false;
        }

        return ValidateContacts(scratch, out failure);
    }

    /// <summary>
    /// The Call-ID, trimmed of whitespace as <see cref="string.Trim()"/> trims the text, must be non-empty and hold no SP or
    /// HTAB (callid = word [ "@" word ], RFC 3261 §25.1).
    /// </summary>
    private bool IsCallId(Span<byte> scratch)
    {
        using var value = new Utf8Value(Headers[Headers.IndexOf(HeaderKind.CallId)], scratch);
        var text = value.Span;
        while (!text.IsEmpty)
        {
            // Bytes that are not UTF-8 decode as U+FFFD, which is no whitespace, just as in the decoded text.
            _ = Rune.DecodeFromUtf8(text, out var rune, out var length);
            if (!Rune.IsWhiteSpace(rune))
            {
                break;
            }

            text = text[length..];
        }

        while (!text.IsEmpty)
        {
            _ = Rune.DecodeLastFromUtf8(text, out var rune, out var length);
            if (!Rune.IsWhiteSpace(rune))
            {
                break;
            }

            text = text[..^length];
        }

        return !text.IsEmpty && !text.ContainsAny(" \t"u8);
    }

    private bool IsCSeq(Span<byte> scratch, out string fault)
    {
        var field = Headers.IndexOf(HeaderKind.CSeq);
        using var value = new Utf8Value(Headers[field], scratch);
        var ok = CSeqHeader.TryScan(value.Span, out var number, out var method);
        fault = ok ? "" : CSeqHeader.DescribeFault(value.Span);
        if (ok)
        {
            RecordCSeqMethod(field, value.Span, method);

            // Every layer after this one reads the CSeq (transaction match, dialog order): it is parsed here once. An
            // uncommon method is left to the view, so validating a peer's junk makes no string nobody may read.
            if (SipMethods.TryGetShared(method, out var shared))
            {
                _cseq = new CSeqHeader(number, shared);
                MarkRead(Views.CSeq);
            }
        }

        return ok;
    }

    /// <summary>The whole first From or To value is one name-addr or addr-spec; where its tag is, is kept.</summary>
    private bool IsNameAddress(HeaderKind kind, Span<byte> scratch)
    {
        var field = Headers.IndexOf(kind);
        using var value = new Utf8Value(Headers[field], scratch);
        if (!NameAddress.TryScan(value.Span, out var parts))
        {
            return false;
        }

        RecordTag(field, kind, value.Span, parts);
        return true;
    }

    /// <summary>
    /// Via = ( "Via" / "v" ) HCOLON via-parm *(COMMA via-parm): no empty elements (RFC 4475 §3.1.2.1). An empty element
    /// anywhere is named before a top Via that does not parse.
    /// </summary>
    private bool ValidateVias(Span<byte> scratch, out SipFailure failure)
    {
        failure = default;
        bool? topIsValid = null;
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i].Kind != HeaderKind.Via)
            {
                continue;
            }

            using var value = new Utf8Value(Headers[i], scratch);
            var parts = HeaderValueList.Enumerate(value.Span);
            while (parts.MoveNext())
            {
                var isValid = !parts.Current.IsEmpty && (topIsValid is null ? IsTopVia(i, value.Span, parts.Current) : ViaHeader.IsValid(parts.Current));
                if (parts.Current.IsEmpty || (topIsValid is not null && !isValid))
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidVia, parts.Current.IsEmpty ? "empty element in Via" : "invalid Via");
                    return false;
                }

                topIsValid ??= isValid;
            }

            if (parts.Unterminated)
            {
                failure = SipFailure.Of(SipFailureReason.InvalidVia, "invalid Via");
                return false;
            }
        }

        if (topIsValid != true)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidVia, "invalid Via");
            return false;
        }

        return true;
    }

    /// <summary>The top via-parm is well formed; where its branch and sent-by are, is kept.</summary>
    [SkipLocalsInit]
    private bool IsTopVia(int field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> element)
    {
        if (!ViaHeader.TryScan(element, stackalloc byte[Utf8Value.ScratchBytes], out var parts))
        {
            return false;
        }

        RecordTopVia(field, value, parts);
        return true;
    }

    /// <summary>
    /// Contact = ("Contact" / "m") HCOLON ( STAR / (contact-param *(COMMA contact-param))) (RFC 3261 §20.10): each value is
    /// a name-addr or addr-spec, and an expires parameter is delta-seconds (RFC 4475 §3.1.2.4 scalar02).
    /// </summary>
    private bool ValidateContacts(Span<byte> scratch, out SipFailure failure)
    {
        failure = default;
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i].Kind != HeaderKind.Contact)
            {
                continue;
            }

            using var value = new Utf8Value(Headers[i], scratch);
            var parts = HeaderValueList.Enumerate(value.Span);
            while (parts.MoveNext())
            {
                if (parts.Current.IsEmpty)
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, "empty element in Contact");
                    return false;
                }

                if (!NameAddress.TryScan(parts.Current, out var contact))
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, "invalid Contact");
                    return false;
                }

                if (ParameterReader.TryFind(contact.Parameters, "expires"u8, out var hasValue, out var expires) &&
                    (!hasValue || ParseDeltaSeconds(expires) is null))
                {
                    failure = SipFailure.Of(SipFailureReason.InvalidExpires, "Contact expires is not delta-seconds up to 2^32-1");
                    return false;
                }
            }

            if (parts.Unterminated)
            {
                failure = SipFailure.Of(SipFailureReason.InvalidNameAddress, "invalid Contact");
                return false;
            }
        }

        return true;
    }
}

namespace PresenceAgent.Sip.Messages;

/// <summary>Builds a response to a request as RFC 3261 §8.2.6.2 prescribes.</summary>
public static class SipResponseFactory
{
    /// <summary>
    /// Copies every Via (in order; the transport stamps received/rport as it sends the response), From, To, Call-ID and CSeq.
    /// The To tag is kept when the request had one; otherwise <paramref name="toTag"/>, or a fresh tag for any
    /// status above 100 (§8.2.6.2: a 100 Trying may go without one). Headers the request lacks are left out, so a
    /// broken request can still be answered.
    /// </summary>
    public static SipResponse Create(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Allocated at its size: the copied fields plus the few a UAS adds (Contact, Expires, Allow-Events, Require).
        var copied = 0;
        foreach (var field in request.Headers)
        {
            copied += field.Kind is HeaderKind.Via or HeaderKind.From or HeaderKind.To or HeaderKind.CallId or HeaderKind.CSeq ? 1 : 0;
        }

        var headers = new SipHeaders(copied + 4);
        foreach (var field in request.Headers)
        {
            switch (field.Kind)
            {
                case HeaderKind.Via or HeaderKind.From or HeaderKind.CallId or HeaderKind.CSeq:
                    // Fields are copied as received (raw slices stay raw): Lync's ms-received-* Via parameters
                    // and the From epid come back untouched (reference §6.11).
                    headers.AddParsed(field);
                    break;
                case HeaderKind.To:
                    var tag = request.To?.Tag is null ? toTag ?? (statusCode > 100 ? SipIds.NewTag() : null) : null;
                    if (tag is null)
                    {
                        headers.AddParsed(field);
                    }
                    else
                    {
                        // Appending is right for name-addr and addr-spec alike: after the URI (or the '>'),
                        // ";tag=" is a header parameter (RFC 3261 §20.10).
                        headers.AddParsed(new HeaderField(HeaderKind.To, field.Value.TrimEnd() + ";tag=" + tag));
                    }

                    break;
            }
        }

        return new SipResponse(statusCode, reasonPhrase, headers);
    }
}

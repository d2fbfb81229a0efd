namespace PresenceAgent.Sip.Core;

/// <summary>
/// One of the handlers the host starts the stack with: the methods it serves and how (no two handlers claim one
/// method). The stack answers OPTIONS, CANCEL, retransmissions and protocol errors itself; every other request for a
/// method in <see cref="Methods"/> comes here.
/// </summary>
public interface ISipRequestHandler
{
    /// <summary>
    /// Methods handled, e.g. SUBSCRIBE; listed with OPTIONS in Allow. Read once at start. Not INVITE or ACK: the stack
    /// answers INVITEs 405 without a transaction and ignores ACKs.
    /// </summary>
    IReadOnlyCollection<string> Methods { get; }

    /// <summary>Event packages served (RFC 6665 §4.4.4), for Allow-Events; e.g. presence.</summary>
    IReadOnlyCollection<string> AllowEvents { get; }

    /// <summary>Body types accepted, for Accept in OPTIONS responses (RFC 3261 §11.2).</summary>
    IReadOnlyCollection<string> AcceptedContentTypes { get; }

    /// <summary>
    /// Option tags the handler implements (RFC 3261 §19.2), e.g. eventlist: a request whose Require names only these
    /// reaches the handler instead of a 420, and OPTIONS lists them in Supported. Read once at start.
    /// </summary>
    IReadOnlyCollection<string> OptionTags { get; }

    /// <summary>
    /// Handles one new request (never a retransmission). The final response must be sent with
    /// <see cref="IncomingRequest.RespondAsync(Messages.SipResponse)"/> before the returned task completes; if it was not, or the handler
    /// throws, the stack answers 500 and logs an error. Called on a receive loop: do not block.
    /// </summary>
    ValueTask HandleRequestAsync(IncomingRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// True (the default) when the handler may hold an <see cref="IncomingRequest"/>, its message or slices of it past
    /// the synchronous return of <see cref="HandleRequestAsync"/>. A handler that keeps only copies (strings, its own
    /// arrays) returns false, and the stack may then reuse the receive buffer of a request it handled to the end inline.
    /// </summary>
    bool KeepsRequests => true;
}

using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// What the parser read from a start line. A request whose method is readable but whose URI, spacing or version is bad
/// still yields a message (with a placeholder Request-URI), so the core can answer 400 or 505; a bad status line or an
/// unreadable method does not (<see cref="IsFatal"/>).
/// </summary>
internal readonly struct ParsedStartLine
{
    private ParsedStartLine(string? method, ReadOnlyMemory<byte> uri, int status, string? reason, SipFailure? fault, bool fatal)
    {
        Method = method;
        RequestUri = uri;
        StatusCode = status;
        ReasonPhrase = reason;
        Fault = fault;
        IsFatal = fatal;
    }

    public string? Method { get; }

    /// <summary>The checked Request-URI bytes; empty when the request gets the placeholder.</summary>
    public ReadOnlyMemory<byte> RequestUri { get; }

    public int StatusCode { get; }

    public string? ReasonPhrase { get; }

    public SipFailure? Fault { get; }

    public bool IsFatal { get; }

    public bool IsRequest => Method is not null;

    public static ParsedStartLine Request(string method, ReadOnlyMemory<byte> uri, SipFailure? fault = null) =>
        new(method, uri, 0, null, fault, fatal: false);

    /// <summary>A request line whose method is readable but whose Request-URI is not; the URI is a placeholder.</summary>
    public static ParsedStartLine BadRequest(string method, SipFailure fault) =>
        new(method, default, 0, null, fault, fatal: false);

    public static ParsedStartLine Response(int status, string reason) => new(null, default, status, reason, null, fatal: false);

    public static ParsedStartLine Fatal(SipFailure fault) => new(null, default, 0, null, fault, fatal: true);

    /// <summary>
    /// Stands in for an unreadable Request-URI on a message that only exists to be answered with an error.
    /// The .invalid TLD (RFC 2606 §2) can never resolve, so a bug that routes it goes nowhere.
    /// </summary>
    private static SipUri PlaceholderUri() => new("sip", null, "request-uri.invalid");

    /// <summary>The message with <paramref name="fields"/>; a released one of this thread's when <paramref name="reuse"/> (<see cref="ReceivedMessages"/>).</summary>
    public SipMessage CreateMessage(ref ParsedFields fields, bool reuse) => !IsRequest
        ? reuse ? ReceivedMessages.Response(StatusCode, ReasonPhrase!, ref fields) : new SipResponse(StatusCode, ReasonPhrase, fields.ToHeaders())
        : RequestUri.IsEmpty
            ? new SipRequest(Method!, PlaceholderUri(), fields.ToHeaders())
            : reuse ? ReceivedMessages.Request(Method!, RequestUri, ref fields) : new SipRequest(Method!, RequestUri, fields.ToHeaders());
}

using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// A new request handed to <see cref="ISipRequestHandler"/>, answered through its server transaction. The object goes
/// with its transaction: when a handler that keeps no requests (<see cref="ISipRequestHandler.KeepsRequests"/>) has
/// answered inline, both are reused for a later request, which is why such a handler must not hold it.
/// </summary>
public sealed class IncomingRequest : ITransactionAttachment
{
    private ServerTransaction _transaction;
    private ResponseStamp _stamp;
    private SipRequest? _request;

    internal IncomingRequest(ServerTransaction transaction, ResponseStamp stamp, bool isTrustedPeer, IReadOnlyList<string> peerCertificateNames)
    {
        Reset(transaction, stamp, isTrustedPeer, peerCertificateNames);
    }

    public SipRequest Request => _request ?? throw new InvalidOperationException("The request was handled and its transaction reused.");

    /// <summary>
    /// The request came from a trusted peer (<see cref="SipStackOptions.TrustedPeers"/>, or a TLS Front End by
    /// certificate): requests sent back to it follow its Contact and route set. Otherwise they go where this request
    /// came from, whatever its Contact names.
    /// </summary>
    public bool IsTrustedPeer { get; private set; }

    /// <summary>
    /// The host names (subjectAltName DNS names, else the common name) of the client certificate the peer presented
    /// when it connected to one of our TLS listeners with <see cref="SipTlsOptions.RequireClientCertificate"/> on: the
    /// handshake checked the certificate against the trust store and <see cref="SipTlsOptions.AllowedPeerNames"/>, so
    /// the peer is who these name. Empty for every other request (UDP, TCP, TLS without a client certificate).
    /// </summary>
    public IReadOnlyList<string> PeerCertificateNames { get; private set; } = [];

    /// <summary>Where the request came from; pass it to <see cref="SipStack.SendRequestAsync"/> to reuse the connection.</summary>
    public SipFlow Flow => _transaction.Flow;

    /// <summary>
    /// A response per RFC 3261 §8.2.6: all Via in order (the transport stamps received/rport into the top one as it sends), From, To (with
    /// <paramref name="toTag"/>, or a fresh tag above 100 when the request had none), Call-ID, CSeq, and Server; on a failure also ms-diagnostics-public (see <see cref="ResponseStamp"/>).
    /// </summary>
    public SipResponse CreateResponse(int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = SipResponseFactory.Create(Request, statusCode, reasonPhrase, toTag);
        _stamp.Apply(response);
        return response;
    }

    /// <summary>
    /// Sends <paramref name="response"/> through the server transaction, which keeps it for retransmissions.
    /// A second final response throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public ValueTask RespondAsync(SipResponse response) => _transaction.SendResponseAsync(response);

    /// <summary>
    /// Answers with what <see cref="CreateResponse"/> makes plus <paramref name="added"/> (after Server), written straight
    /// from the request's bytes: the hot path of a handler, no response object. A request whose top Via does not scan is
    /// answered the general way. A second final response throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public ValueTask RespondAsync(int statusCode, string? reasonPhrase, string? toTag, in ResponseFields added) =>
        FieldResponses.SendAsync(_transaction, Request, _stamp, statusCode, reasonPhrase, toTag, added);

    internal ServerTransaction Transaction => _transaction;

    /// <summary>Makes this object the one of <paramref name="transaction"/>'s request (a new one, or reused with its transaction).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_transaction), nameof(_stamp))]
    internal void Reset(ServerTransaction transaction, ResponseStamp stamp, bool isTrustedPeer, IReadOnlyList<string> peerCertificateNames)
    {
        _transaction = transaction;
        _stamp = stamp;
        _request = transaction.Request;
        IsTrustedPeer = isTrustedPeer;
        PeerCertificateNames = peerCertificateNames;
    }

    void ITransactionAttachment.Clear()
    {
        _request = null;
        PeerCertificateNames = [];
    }
}

using System.Globalization;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// What identifies a server transaction (RFC 3261 §17.2.3): the top Via branch, its sent-by, and the method (a
/// CANCEL looks for the method of the request it cancels). For a branch without the magic cookie (RFC 2543 peers) <see cref="Id"/> is built from the
/// Request-URI, From tag, To tag, Call-ID, CSeq number and top Via instead, and <see cref="Host"/> is empty.
/// </summary>
internal readonly struct ServerTransactionKey : IEquatable<ServerTransactionKey>
{
    private ServerTransactionKey(string id, string host, int port, string method)
    {
        Id = id;
        Host = host;
        Port = port;
        Method = method;
    }

    /// <summary>The branch, or the RFC 2543 composite.</summary>
    public string Id { get; }

    public string Host { get; }

    /// <summary>The sent-by port as written; -1 when absent (sent-by values compare literally).</summary>
    public int Port { get; }

    public string Method { get; }

    /// <summary>The key of <paramref name="request"/> looked up as a transaction of <paramref name="method"/>.</summary>
    public static bool TryCreate(SipRequest request, string method, out ServerTransactionKey key)
    {
        key = default;
        if (request.TryReadTopViaKey(out var read))
        {
            // The common case, read from the bytes without building the Via.
            key = new ServerTransactionKey(read.Branch, read.Host, read.Port ?? -1, method);
            return true;
        }

        if (request.TopVia is not { } via)
        {
            return false;
        }

        if (via.HasRfc3261Branch)
        {
            key = new ServerTransactionKey(via.Branch!, via.Host, via.Port ?? -1, method);
            return true;
        }

        // §17.2.3 fallback. We keep no INVITE transactions, whose ACK would carry a To tag the INVITE lacked: for the
        // methods we keep, a retransmission repeats the To as it was.
        var sb = new StringBuilder(128);
        sb.Append(request.RequestUri).Append('|')
          .Append(request.FromTag).Append('|')
          .Append(request.ToTag)
          .Append('|').Append(request.CallId).Append('|')
          .Append(request.CSeq?.Number.ToString(CultureInfo.InvariantCulture)).Append('|')
          .Append(via);
        key = new ServerTransactionKey(sb.ToString(), "", -1, method);
        return true;
    }

    public bool Equals(ServerTransactionKey other) =>
        Port == other.Port &&
        string.Equals(Id, other.Id, StringComparison.Ordinal) &&
        string.Equals(Method, other.Method, StringComparison.Ordinal) &&
        string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is ServerTransactionKey other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(Id, Port, Method, Host is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Host));

    public override string ToString() => $"{Method} {Id} {Host}:{Port}";
}

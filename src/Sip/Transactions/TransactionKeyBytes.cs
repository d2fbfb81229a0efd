using System.Text;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Transaction keys as bytes for <see cref="CompletedTransactions"/>: the parts in UTF-8, separated by a line feed,
/// which no part can contain (header values are unfolded before they are read). Each key is written to a per-thread
/// scratch buffer and is valid until the next key is made on the same thread: callers use it at once.
/// </summary>
internal static class TransactionKeyBytes
{
    [ThreadStatic]
    private static byte[]? t_scratch;

    /// <summary>RFC 3261 §17.2.3: method, branch (or the RFC 2543 composite), sent-by host (case-insensitive) and port.</summary>
    public static ReadOnlySpan<byte> Of(in ServerTransactionKey key)
    {
        var destination = Scratch(Encoding.UTF8.GetMaxByteCount(key.Method.Length + key.Id.Length + key.Host.Length) + 3 + 11);
        var length = Part(key.Method, destination);
        length += Part(key.Id, destination[length..]);
        var host = Encoding.UTF8.GetBytes(key.Host, destination[length..]);
        Ascii.ToLowerInPlace(destination.Slice(length, host), out _);
        length += host;
        destination[length++] = (byte)'\n';
        key.Port.TryFormat(destination[length..], out var port);
        return destination[..(length + port)];
    }

    /// <summary>RFC 3261 §8.2.2.2: From tag, Call-ID, CSeq number and method.</summary>
    public static ReadOnlySpan<byte> Of(in MergeKey key)
    {
        var destination = Scratch(Encoding.UTF8.GetMaxByteCount(key.Method.Length + key.FromTag.Length + key.CallId.Length) + 3 + 10);
        var length = Part(key.Method, destination);
        length += Part(key.FromTag, destination[length..]);
        length += Part(key.CallId, destination[length..]);
        key.CSeq.TryFormat(destination[length..], out var cseq);
        return destination[..(length + cseq)];
    }

    /// <summary>RFC 3261 §17.1.3: our branch and the CSeq method.</summary>
    public static ReadOnlySpan<byte> Of(ClientBranch branch, string method)
    {
        var destination = Scratch(Encoding.UTF8.GetMaxByteCount(method.Length) + 1 + ClientBranch.Length);
        var length = Part(method, destination);
        branch.Write(destination[length..]);
        return destination[..(length + ClientBranch.Length)];
    }

    private static Span<byte> Scratch(int size)
    {
        if (t_scratch is not { } scratch || scratch.Length < size)
        {
            t_scratch = scratch = new byte[Math.Max(size, 256)];
        }

        return scratch;
    }

    private static int Part(string value, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetBytes(value, destination);
        destination[length] = (byte)'\n';
        return length + 1;
    }
}

using System.Globalization;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// Writes transaction keys as bytes, read straight from a request's received bytes: the parts in UTF-8, each followed by
/// a line feed, which no part can contain (header values are unfolded before they are read). No strings are built for
/// a well-formed request; a value the byte scanners refuse is read as the typed views read it.
/// </summary>
internal static class TransactionKeys
{
    [ThreadStatic]
    private static byte[]? t_scratch;

    [ThreadStatic]
    private static byte[]? t_mergeScratch;

    /// <summary>
    /// RFC 3261 §17.2.3: method, top Via branch, sent-by host (lowercase) and port (-1 when absent), written to the
    /// per-thread scratch; valid until the next key is made there on this thread. For a branch without the magic cookie
    /// (RFC 2543 peers) the branch is the composite of Request-URI, tags, Call-ID, CSeq number and top Via, and the
    /// host is empty.
    /// </summary>
    public static bool TryServer(SipRequest request, string method, out TransactionKey key) => TryServer(request, method, ref t_scratch, out key);

    /// <summary>The same, written into <paramref name="buffer"/>, which grows when it is too short.</summary>
    public static bool TryServer(SipRequest request, string method, ref byte[]? buffer, out TransactionKey key)
    {
        key = default;
        var length = 0;
        PutText(ref buffer, ref length, method);
        Span<byte> topVia = stackalloc byte[Utf8Value.ScratchBytes];
        if (request.TryCopyTopViaKey(topVia, out var branchLength, out var hostLength, out var port))
        {
            Put(ref buffer, ref length, topVia[..branchLength]);
            var at = length;
            Put(ref buffer, ref length, topVia.Slice(branchLength, hostLength));
            Ascii.ToLowerInPlace(buffer.AsSpan(at, hostLength), out _);
            PutNumber(ref buffer, ref length, port ?? -1);
            key = new TransactionKey(buffer!, length);
            return true;
        }

        if (request.TopVia is not { } via)
        {
            return false;
        }

        if (via.HasRfc3261Branch)
        {
            PutText(ref buffer, ref length, via.Branch!);
            PutText(ref buffer, ref length, via.Host.ToLowerInvariant());
            PutNumber(ref buffer, ref length, via.Port ?? -1);
        }
        else
        {
            // §17.2.3 fallback. We keep no INVITE transactions, whose ACK would carry a To tag the INVITE lacked: for the
            // methods we keep, a retransmission repeats the To as it was.
            var composite = new StringBuilder(128)
                .Append(request.RequestUri).Append('|')
                .Append(request.FromTag).Append('|')
                .Append(request.ToTag).Append('|')
                .Append(request.CallId).Append('|')
                .Append(request.CSeq?.Number.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(via);
            PutText(ref buffer, ref length, composite.ToString());
            PutText(ref buffer, ref length, "");
            PutNumber(ref buffer, ref length, -1);
        }

        key = new TransactionKey(buffer!, length);
        return true;
    }

    /// <summary>
    /// <see cref="TryMerge(SipRequest, string?, ref byte[], out TransactionKey)"/> into a per-thread scratch of its own,
    /// so it lives beside the transaction key of <see cref="TryServer(SipRequest, string, out TransactionKey)"/>; valid
    /// until the next merge key is made there on this thread.
    /// </summary>
    public static bool TryMerge(SipRequest request, out TransactionKey key) => TryMerge(request, null, ref t_mergeScratch, out key);

    /// <summary>
    /// RFC 3261 §8.2.2.2: for a request without a To tag, its From tag, Call-ID, CSeq number and method (or
    /// <paramref name="method"/>: a CANCEL looks for the request it cancels), written into <paramref name="buffer"/>.
    /// False when it has a To tag, or lacks one of the others.
    /// </summary>
    public static bool TryMerge(SipRequest request, string? method, ref byte[]? buffer, out TransactionKey key)
    {
        key = default;
        if (HasToTag(request))
        {
            return false;
        }

        // A line feed first, where a transaction key has its method: the two kinds share Timer J's table.
        var length = 0;
        Ensure(ref buffer, 1);
        buffer[length++] = (byte)'\n';
        if (!TryPutFromTag(request, ref buffer, ref length))
        {
            return false;
        }

        var callId = request.Headers.IndexOf(HeaderKind.CallId);
        var cseq = request.Headers.IndexOf(HeaderKind.CSeq);
        if (callId < 0 || cseq < 0)
        {
            return false;
        }

        using (var text = new Utf8Value(request.Headers[callId], stackalloc byte[Utf8Value.ScratchBytes]))
        {
            var value = text.Span.Trim(" \t"u8);
            if (value.IsEmpty)
            {
                return false;
            }

            Put(ref buffer, ref length, value);
        }

        using (var text = new Utf8Value(request.Headers[cseq], stackalloc byte[Utf8Value.ScratchBytes]))
        {
            if (!CSeqHeader.TryScan(text.Span, out var number, out var cseqMethod))
            {
                return false;
            }

            if (method is null)
            {
                Put(ref buffer, ref length, cseqMethod);
            }
            else
            {
                PutText(ref buffer, ref length, method);
            }

            PutNumber(ref buffer, ref length, number);
        }

        key = new TransactionKey(buffer!, length);
        return true;
    }

    /// <summary>Whether the request's To has a tag, as <see cref="SipMessage.ToTag"/> reads it, without a string for a well-formed To.</summary>
    public static bool HasToTag(SipRequest request) => request.TryGetTag(HeaderKind.To, out _);

    private static bool TryPutFromTag(SipRequest request, ref byte[]? buffer, ref int length)
    {
        if (!request.TryGetTag(HeaderKind.From, out var tag))
        {
            return false;
        }

        Put(ref buffer, ref length, tag);
        return true;
    }

    private static void Put(ref byte[]? buffer, ref int length, ReadOnlySpan<byte> part)
    {
        Ensure(ref buffer, length + part.Length + 1);
        part.CopyTo(buffer.AsSpan(length));
        length += part.Length;
        buffer![length++] = (byte)'\n';
    }

    private static void PutText(ref byte[]? buffer, ref int length, string part)
    {
        Ensure(ref buffer, length + Encoding.UTF8.GetMaxByteCount(part.Length) + 1);
        length += Encoding.UTF8.GetBytes(part, buffer.AsSpan(length));
        buffer![length++] = (byte)'\n';
    }

    /// <summary>The last part: a number, without a line feed after it.</summary>
    private static void PutNumber(ref byte[]? buffer, ref int length, long number)
    {
        Ensure(ref buffer, length + 20);
        number.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
        length += written;
    }

    private static void Ensure([System.Diagnostics.CodeAnalysis.NotNull] ref byte[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size)
        {
            Array.Resize(ref buffer, Math.Max(256, size * 2));
        }
    }
}

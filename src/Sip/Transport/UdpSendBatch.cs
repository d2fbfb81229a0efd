using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// What one UDP receive thread sends while it handles the datagrams of one receive (each SUBSCRIBE's 200 and NOTIFY), handed
/// to the kernel by one sendmmsg(2) when the handling is over instead of by a system call each. The bytes are copied
/// in, so senders may reuse their buffers at once. Any other thread sending from the same socket flushes the batch
/// first (under its lock), so nothing overtakes what it holds: a NOTIFY sent from elsewhere never beats its SUBSCRIBE's
/// 200 to the wire. A datagram that fails at the flush is logged as a direct send's
/// failure is; for the sender it is then a datagram lost on the way, which UDP's retransmissions (RFC 3261 §17) cover.
/// Linux on 64 bits, as <see cref="GatherSend"/>; elsewhere every send is direct.
/// </summary>
internal sealed unsafe class UdpSendBatch
{
    // Two for each datagram a receive takes (UdpReceiveBatch).
    private const int MaxMessages = 32;
    private const int DataBytes = 64 * 1024;

    // A serialized sockaddr_in6 is 28 bytes.
    private const int NameBytes = 32;
    private const int Interrupted = 4;

    private static readonly delegate* unmanaged<nint, GatherSend.MultiMessageHeader*, uint, int, int> s_sendmmsg =
        (delegate* unmanaged<nint, GatherSend.MultiMessageHeader*, uint, int, int>)GatherSend.LoadLibc("sendmmsg");

    private readonly SafeSocketHandle _socket;
    private readonly ILogger _logger;
    private readonly byte[] _data = GC.AllocateUninitializedArray<byte>(DataBytes, pinned: true);
    private readonly byte[] _names = GC.AllocateUninitializedArray<byte>(MaxMessages * NameBytes, pinned: true);
    private readonly int[] _offsets = new int[MaxMessages + 1];
    private readonly int[] _nameLengths = new int[MaxMessages];
    private readonly IPEndPoint?[] _remotes = new IPEndPoint?[MaxMessages];
    private readonly Lock _gate = new();
    private int _count;

    public UdpSendBatch(object owner, SafeSocketHandle socket, ILogger logger)
    {
        Owner = owner;
        _socket = socket;
        _logger = logger;
    }

    public static bool IsSupported => s_sendmmsg != null;

    /// <summary>The listener whose socket this batch sends from; a send from any other goes out directly.</summary>
    public object Owner { get; }

    /// <summary>Nothing is queued (read without the lock: a sender on another thread skips the lock when so).</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>
    /// Queues <paramref name="head"/> then <paramref name="body"/> as one datagram to the sockaddr
    /// <paramref name="name"/>, flushing first when the batch is full. False when the datagram does not fit an empty
    /// batch either, for the caller to send directly.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, IPEndPoint remote)
    {
        var length = head.Length + body.Length;
        if (length > DataBytes || name.Length > NameBytes)
        {
            return false;
        }

        lock (_gate)
        {
            if (_count == MaxMessages || _offsets[_count] + length > DataBytes)
            {
                FlushLocked();
            }

            var start = _offsets[_count];
            head.CopyTo(_data.AsSpan(start));
            body.CopyTo(_data.AsSpan(start + head.Length));
            name.CopyTo(_names.AsSpan(_count * NameBytes));
            _nameLengths[_count] = name.Length;
            _remotes[_count] = remote;
            _offsets[_count + 1] = start + length;
            Volatile.Write(ref _count, _count + 1);
            return true;
        }
    }

    /// <summary>Sends what is queued, in the order queued; a datagram the kernel refuses is logged and skipped.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_count == 0)
        {
            return;
        }

        var added = false;
        try
        {
            _socket.DangerousAddRef(ref added);
            SendQueued(_socket.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            for (var i = 0; i < _count; i++)
            {
                TransportLog.SendFailed(_logger, TransportProtocol.Udp, _remotes[i]!, "listener stopped");
            }
        }
        finally
        {
            if (added)
            {
                _socket.DangerousRelease();
            }

            Array.Clear(_remotes, 0, _count);
            Volatile.Write(ref _count, 0);
        }
    }

    private void SendQueued(nint socket)
    {
        var vectors = stackalloc GatherSend.IoVector[_count];
        var headers = stackalloc GatherSend.MultiMessageHeader[_count];
        fixed (byte* data = _data, names = _names)
        {
            for (var i = 0; i < _count; i++)
            {
                vectors[i] = new GatherSend.IoVector { Base = data + _offsets[i], Length = (nuint)(_offsets[i + 1] - _offsets[i]) };
                headers[i] = new GatherSend.MultiMessageHeader
                {
                    Header = new GatherSend.MessageHeader
                    {
                        Name = names + (i * NameBytes),
                        NameLength = (uint)_nameLengths[i],
                        Vectors = vectors + i,
                        VectorCount = 1,
                    },
                };
            }

            var next = 0;
            while (next < _count)
            {
                Marshal.SetLastSystemError(0);
                var sent = s_sendmmsg(socket, headers + next, (uint)(_count - next), 0);
                if (sent > 0)
                {
                    next += sent;
                    continue;
                }

                // sendmmsg stops at the first datagram the kernel refuses and reports it only when it is the first.
                var errno = Marshal.GetLastSystemError();
                if (errno != Interrupted)
                {
                    TransportLog.SendFailed(_logger, TransportProtocol.Udp, _remotes[next]!, Marshal.GetPInvokeErrorMessage(errno));
                    next++;
                }
            }
        }
    }
}

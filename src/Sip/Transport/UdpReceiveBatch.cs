using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The datagrams a UDP receive thread takes from the kernel in one system call: recvmmsg(2) with MSG_WAITFORONE waits
/// for the first and returns with whatever else is queued by then, up to <see cref="Capacity"/>. Peers send in bursts
/// (a Front End pool, a proxy, a load generator), so under load the thread sleeps and wakes once per burst rather than
/// once per datagram, and the wake-ups were as costly as the SIP work. Each slot has its own buffer: a datagram stays
/// readable until the next <see cref="Receive"/>. Linux on 64 bits, as <see cref="GatherSend"/>; elsewhere one
/// datagram per call through Socket.ReceiveFrom.
/// </summary>
internal sealed unsafe class UdpReceiveBatch
{
    private const int MultiCapacity = 16;

    // A serialized sockaddr_in6 is 28 bytes.
    private const int NameBytes = 32;
    private const int WaitForOne = 0x10000;
    private const int Interrupted = 4;
    private const int WouldBlock = 11;

    // getsockopt(SOL_SOCKET, SO_MEMINFO): the socket's memory counters as 32-bit words (SK_MEMINFO_RMEM_ALLOC,
    // SK_MEMINFO_RCVBUF, ... SK_MEMINFO_DROPS).
    private const int SocketLevel = 1;
    private const int MemoryInfo = 55;
    private const int QueuedWord = 0;
    private const int CapacityWord = 1;
    private const int DropsWord = 8;

    private static readonly delegate* unmanaged<nint, GatherSend.MultiMessageHeader*, uint, int, void*, int> s_recvmmsg =
        (delegate* unmanaged<nint, GatherSend.MultiMessageHeader*, uint, int, void*, int>)GatherSend.LoadLibc("recvmmsg");

    private readonly Socket _socket;
    private readonly int _slotBytes;
    private readonly byte[] _data;
    private readonly byte[] _names;
    private readonly GatherSend.MultiMessageHeader[] _headers;
    private readonly GatherSend.IoVector[] _vectors;
    private readonly SocketAddress _address;

    /// <param name="socket">A blocking datagram socket.</param>
    /// <param name="slotBytes">The longest datagram a slot holds whole; a longer one is cut to this length.</param>
    public UdpReceiveBatch(Socket socket, int slotBytes)
    {
        _socket = socket;
        _slotBytes = slotBytes;
        _address = new SocketAddress(socket.AddressFamily);
        Capacity = s_recvmmsg != null ? MultiCapacity : 1;

        // Pinned for good: the headers point into these for every call.
        _data = GC.AllocateUninitializedArray<byte>(Capacity * slotBytes, pinned: true);
        _names = GC.AllocateUninitializedArray<byte>(Capacity * NameBytes, pinned: true);
        _headers = GC.AllocateArray<GatherSend.MultiMessageHeader>(Capacity, pinned: true);
        _vectors = GC.AllocateArray<GatherSend.IoVector>(Capacity, pinned: true);
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i] = new GatherSend.IoVector { Base = Pointer(_data, i * slotBytes), Length = (nuint)slotBytes };
            _headers[i].Header.Name = Pointer(_names, i * NameBytes);
            _headers[i].Header.Vectors = (GatherSend.IoVector*)Unsafe.AsPointer(ref _vectors[i]);
            _headers[i].Header.VectorCount = 1;
        }
    }

    /// <summary>The most datagrams one <see cref="Receive"/> returns.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Waits for at least one datagram and returns how many were taken, or 0 with <paramref name="error"/> when the
    /// receive failed and may be retried. Throws <see cref="ObjectDisposedException"/> once the socket is closed.
    /// </summary>
    public int Receive(out string? error)
    {
        error = null;
        if (s_recvmmsg == null)
        {
            return ReceiveOne(out error);
        }

        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                for (var i = 0; i < Capacity; i++)
                {
                    _headers[i].Header.NameLength = NameBytes;
                    _headers[i].Header.Flags = 0;
                }

                int errno;
                fixed (GatherSend.MultiMessageHeader* headers = _headers)
                {
                    Marshal.SetLastSystemError(0);
                    var received = s_recvmmsg(handle.DangerousGetHandle(), headers, (uint)Capacity, WaitForOne, null);
                    errno = Marshal.GetLastSystemError();

                    // Closing the socket shuts it down to wake this call, which then reads end-of-file: a datagram
                    // from nobody, which no peer can send.
                    var senders = 0;
                    while (senders < received && headers[senders].Header.NameLength != 0)
                    {
                        senders++;
                    }

                    if (senders > 0)
                    {
                        return senders;
                    }

                    ObjectDisposedException.ThrowIf(handle.IsClosed || received > 0, _socket);
                }

                if (errno == WouldBlock)
                {
                    // The runtime made the descriptor non-blocking: wait as a blocking receive would.
                    _socket.Poll(-1, SelectMode.SelectRead);
                }
                else if (errno != Interrupted)
                {
                    error = Marshal.GetPInvokeErrorMessage(errno);
                    return 0;
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The socket's receive queue as the kernel counts it (Linux; false elsewhere, or when the socket is closed): the
    /// bytes queued and the most it may hold (both as the kernel charges them, each datagram's buffer included), and
    /// how many datagrams it has dropped since the socket was opened, mostly for want of room.
    /// </summary>
    public bool TryReadQueue(out uint queuedBytes, out uint capacityBytes, out uint drops)
    {
        queuedBytes = capacityBytes = drops = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        Span<uint> words = stackalloc uint[DropsWord + 1];
        try
        {
            if (_socket.GetRawSocketOption(SocketLevel, MemoryInfo, MemoryMarshal.AsBytes(words)) < words.Length * sizeof(uint))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }

        (queuedBytes, capacityBytes, drops) = (words[QueuedWord], words[CapacityWord], words[DropsWord]);
        return true;
    }

    /// <summary>
    /// Datagram <paramref name="index"/> of the last <see cref="Receive"/>; as long as the slot when it was longer, which
    /// tells the caller it was cut.
    /// </summary>
    public Span<byte> Datagram(int index) => _data.AsSpan(index * _slotBytes, (int)_headers[index].Length);

    /// <summary>The sender of datagram <paramref name="index"/>, as the native sockaddr <see cref="SocketAddress"/> holds.</summary>
    public ReadOnlySpan<byte> Sender(int index) => _names.AsSpan(index * NameBytes, (int)_headers[index].Header.NameLength);

    private int ReceiveOne(out string? error)
    {
        error = null;
        int received;
        try
        {
            received = _socket.ReceiveFrom(_data.AsSpan(0, _slotBytes), SocketFlags.None, _address);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
        {
            // Cut at the slot's length (Windows says so this way).
            received = _slotBytes;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
        {
            throw new ObjectDisposedException(nameof(Socket), ex);
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode.ToString();
            return 0;
        }

        var name = _address.Buffer.Span[..Math.Min(_address.Size, NameBytes)];
        name.CopyTo(_names);
        _headers[0].Header.NameLength = (uint)name.Length;
        _headers[0].Length = (uint)received;
        return 1;
    }

    private static byte* Pointer(byte[] pinned, int offset) => (byte*)Unsafe.AsPointer(ref pinned[offset]);
}

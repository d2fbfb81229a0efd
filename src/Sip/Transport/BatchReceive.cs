using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// recvmmsg(2) with MSG_WAITFORONE for a UDP receive thread: it blocks until one datagram is there, then takes whatever
/// else is already queued (up to <see cref="Count"/>) in the same call, so a burst costs one system call and one
/// wake-up rather than one per datagram. Linux on 64 bits (the msghdr layout of <see cref="GatherSend"/>); elsewhere
/// the thread receives one datagram at a time through the socket. The socket's own close still ends a blocked call:
/// the handle is referenced for the call, so closing it shuts the socket down, which returns empty datagrams.
/// </summary>
internal sealed unsafe class BatchReceive : IDisposable
{
    /// <summary>Datagrams taken in one call at most.</summary>
    public const int Count = 8;

    private const int MsgWaitForOne = 0x10000;
    private const int MsgTrunc = 0x20;
    private const int AddressBytes = 128; // sizeof(struct sockaddr_storage)

    private static readonly delegate* unmanaged<nint, MultiMessageHeader*, uint, int, void*, int> s_recvmmsg = Load();

    private readonly byte[] _buffers;
    private readonly byte[] _addresses;
    private readonly int _slot;
    private readonly MultiMessageHeader* _headers;
    private readonly IoVector* _vectors;

    /// <param name="slot">Bytes per datagram: one more than the largest accepted, so a longer one shows as cut.</param>
    public BatchReceive(int slot)
    {
        _slot = slot;
        _buffers = GC.AllocateUninitializedArray<byte>(slot * Count, pinned: true);
        _addresses = GC.AllocateArray<byte>(AddressBytes * Count, pinned: true);
        _headers = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(sizeof(MultiMessageHeader) * Count));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(sizeof(IoVector) * Count));
        for (var i = 0; i < Count; i++)
        {
            _vectors[i] = new IoVector { Base = (byte*)Unsafe.AsPointer(ref _buffers[i * slot]), Length = (nuint)slot };
            _headers[i].Header.Vectors = &_vectors[i];
            _headers[i].Header.VectorCount = 1;
        }
    }

    public static bool IsSupported => s_recvmmsg != null;

    /// <summary>
    /// Waits for datagrams and returns how many arrived (at least one), or -1 with errno when the call failed. Zero
    /// datagrams of zero bytes come back once the socket was shut down.
    /// </summary>
    public int Receive(SafeSocketHandle socket, out int errno)
    {
        errno = 0;
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            for (var i = 0; i < Count; i++)
            {
                _headers[i].Header.Name = (byte*)Unsafe.AsPointer(ref _addresses[i * AddressBytes]);
                _headers[i].Header.NameLength = AddressBytes;
                _headers[i].Header.Flags = 0;
                _headers[i].Length = 0;
            }

            Marshal.SetLastSystemError(0);
            var received = s_recvmmsg(socket.DangerousGetHandle(), _headers, Count, MsgWaitForOne, null);
            if (received < 0)
            {
                errno = Marshal.GetLastSystemError();
            }

            return received;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>Datagram <paramref name="index"/> of the last call; one cut at the slot's length reads as the whole slot.</summary>
    public ReadOnlySpan<byte> Datagram(int index)
    {
        var header = _headers[index];
        var length = (header.Header.Flags & MsgTrunc) != 0 ? _slot : (int)header.Length;
        return _buffers.AsSpan(index * _slot, length);
    }

    /// <summary>
    /// Copies the sender of datagram <paramref name="index"/> into <paramref name="address"/> (on Linux its buffer is the
    /// native sockaddr); false when there is none, as for the empty reads of a socket shut down.
    /// </summary>
    public bool TryCopySender(int index, SocketAddress address)
    {
        var length = (int)_headers[index].Header.NameLength;
        if (length == 0 || length > address.Buffer.Length)
        {
            return false;
        }

        _addresses.AsSpan(index * AddressBytes, length).CopyTo(address.Buffer.Span);
        address.Size = length;
        return true;
    }

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
    }

    private static delegate* unmanaged<nint, MultiMessageHeader*, uint, int, void*, int> Load()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"])
        {
            if (NativeLibrary.TryLoad(name, out var libc) && NativeLibrary.TryGetExport(libc, "recvmmsg", out var export))
            {
                return (delegate* unmanaged<nint, MultiMessageHeader*, uint, int, void*, int>)export;
            }
        }

        return null;
    }

    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr on 64-bit Linux, as in <see cref="GatherSend"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: the header and the bytes received for it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}

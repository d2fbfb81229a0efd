using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// sendmsg(2) with two buffers, so a NOTIFY's own head and the body it shares with every watcher of the same document
/// leave as one datagram without first being copied together (and without a per-NOTIFY copy of the body kept for
/// retransmission). Socket.SendTo takes one buffer only. Linux on 64 bits, where the msghdr layout below holds for
/// glibc and musl alike; elsewhere, or when a call cannot complete at once, the caller joins the buffers itself.
/// </summary>
internal static unsafe class GatherSend
{
    private static readonly delegate* unmanaged<nint, MessageHeader*, int, nint> s_sendmsg = Load();

    public static bool IsSupported => s_sendmsg != null;

    /// <summary>
    /// Sends <paramref name="head"/> then <paramref name="body"/> as one datagram to <paramref name="address"/> (a native
    /// sockaddr, as <see cref="System.Net.SocketAddress"/> holds it on Linux). False, with errno, when nothing went out.
    /// </summary>
    public static bool TrySend(SafeSocketHandle socket, ReadOnlySpan<byte> address, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, out int errno)
    {
        errno = 0;
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            fixed (byte* name = address, first = head, second = body)
            {
                var vectors = stackalloc IoVector[2];
                vectors[0] = new IoVector { Base = first, Length = (nuint)head.Length };
                vectors[1] = new IoVector { Base = second, Length = (nuint)body.Length };
                var message = new MessageHeader { Name = name, NameLength = (uint)address.Length, Vectors = vectors, VectorCount = 2 };
                Marshal.SetLastSystemError(0);
                if (s_sendmsg(socket.DangerousGetHandle(), &message, 0) >= 0)
                {
                    return true;
                }

                errno = Marshal.GetLastSystemError();
                return false;
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    private static delegate* unmanaged<nint, MessageHeader*, int, nint> Load() =>
        (delegate* unmanaged<nint, MessageHeader*, int, nint>)LoadLibc("sendmsg");

    /// <summary>The libc export <paramref name="name"/> on 64-bit little-endian Linux (glibc or musl), else null.</summary>
    internal static void* LoadLibc(string name)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        foreach (var library in (ReadOnlySpan<string>)["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"])
        {
            if (NativeLibrary.TryLoad(library, out var libc) && NativeLibrary.TryGetExport(libc, name, out var export))
            {
                return (void*)export;
            }
        }

        return null;
    }

    internal struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr on 64-bit Linux: musl's int-and-padding fields read the same as glibc's size_t ones here.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: a msghdr and the byte count the kernel sent or received with it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}

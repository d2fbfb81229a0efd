using System.Buffers;
using System.Security.Cryptography;

namespace PresenceAgent.Sip.Authentication;

/// <summary>The hashes of RFC 7616 §3.4 over bytes, written as the lowercase hex the next hash takes (§3.4.1: LHEX).</summary>
internal static class DigestHash
{
    public const int MaxHexLength = 64;

    public static int HexLength(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? 64 : 32;

    public static byte[] HexOf(DigestAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var hex = new byte[HexLength(algorithm)];
        Hex(algorithm, data, hex);
        return hex;
    }

    /// <summary>
    /// response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" H(method ":" uri)) for qop=auth (§3.4.1, §3.4.3), into
    /// <paramref name="destination"/> as hex.
    /// </summary>
    public static void Response(DigestAlgorithm algorithm, ReadOnlySpan<byte> ha1, ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri,
        ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> nc, ReadOnlySpan<byte> cnonce, ReadOnlySpan<byte> qop, Span<byte> destination)
    {
        var length = Math.Max(method.Length + 1 + uri.Length, ha1.Length + nonce.Length + nc.Length + cnonce.Length + qop.Length + MaxHexLength + 5);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> ha2 = stackalloc byte[HexLength(algorithm)];
            var n = Put(rented, 0, method, uri);
            Hex(algorithm, rented.AsSpan(0, n), ha2);

            n = Put(rented, 0, ha1, nonce);
            n = Put(rented, n, nc, cnonce);
            n = Put(rented, n, qop, ha2);
            Hex(algorithm, rented.AsSpan(0, n), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Hex(DigestAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var written = algorithm == DigestAlgorithm.Sha256 ? SHA256.HashData(data, hash) : HashMd5(data, hash);
        for (var i = 0; i < written; i++)
        {
            destination[2 * i] = Digit(hash[i] >> 4);
            destination[(2 * i) + 1] = Digit(hash[i] & 0xF);
        }
    }

    // RFC 8760 keeps MD5 for clients that know nothing else (§2.4); it is never offered first.
#pragma warning disable CA5351 // Do not use broken cryptographic algorithms
    private static int HashMd5(ReadOnlySpan<byte> data, Span<byte> destination) => MD5.HashData(data, destination);
#pragma warning restore CA5351

    private static byte Digit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    /// <summary>Writes <c>[":"] first ":" second</c> at <paramref name="at"/> (the colon first unless at the start); returns the new length.</summary>
    private static int Put(Span<byte> buffer, int at, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        if (at > 0)
        {
            buffer[at++] = (byte)':';
        }

        first.CopyTo(buffer[at..]);
        at += first.Length;
        buffer[at++] = (byte)':';
        second.CopyTo(buffer[at..]);
        return at + second.Length;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// Stateless nonces (RFC 7616 §3.3, §5.4): each carries its issue time and 8 random bytes, sealed with an HMAC-SHA256
/// over them and the address it was issued to (an IPv6 /64, a host's own prefix) under a key drawn at start. So a nonce
/// cannot be made or altered without the key, one issued to another address does not verify, and nothing is kept per
/// nonce until it is answered. A restart draws a new key: every nonce out there stops verifying, and clients are
/// challenged afresh.
/// </summary>
internal sealed class NonceIssuer
{
    // Issue time (8) and salt (8), then 16 bytes of the MAC: 128 bits against forgery is what the nonce needs.
    private const int PayloadBytes = 16;
    private const int MacBytes = 16;
    private const int NonceBytes = PayloadBytes + MacBytes;

    /// <summary>The length of a nonce as text: base64url of 32 bytes without padding.</summary>
    public const int TextLength = 43;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public NonceIssuer(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public string Issue(IPAddress source)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetTimestamp());
        RandomNumberGenerator.Fill(nonce[8..PayloadBytes]);
        Seal(nonce[..PayloadBytes], source, nonce[PayloadBytes..]);
        return Base64Url.EncodeToString(nonce);
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a nonce we issued to <paramref name="source"/>; when it is, its
    /// <paramref name="id"/> (unique per nonce), when it was issued, and whether its lifetime is over.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> text, IPAddress source, out UInt128 id, out long issuedAt, out bool expired)
    {
        id = default;
        issuedAt = 0;
        expired = false;
        Span<byte> nonce = stackalloc byte[NonceBytes];
        if (text.Length != TextLength || Base64Url.DecodeFromUtf8(text, nonce, out _, out var written) != OperationStatus.Done || written != NonceBytes)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        Seal(nonce[..PayloadBytes], source, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, nonce[PayloadBytes..]))
        {
            return false;
        }

        id = BinaryPrimitives.ReadUInt128BigEndian(nonce);
        issuedAt = BinaryPrimitives.ReadInt64BigEndian(nonce);
        expired = _time.GetElapsedTime(issuedAt) > _lifetime;
        return true;
    }

    private void Seal(ReadOnlySpan<byte> payload, IPAddress source, Span<byte> destination)
    {
        Span<byte> sealedBytes = stackalloc byte[PayloadBytes + 16];
        payload.CopyTo(sealedBytes);
        var host = AddressKey.HostOf(source);
        BinaryPrimitives.WriteUInt64BigEndian(sealedBytes[PayloadBytes..], host.High);
        BinaryPrimitives.WriteUInt64BigEndian(sealedBytes[(PayloadBytes + 8)..], host.Low);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, sealedBytes, mac);
        mac[..MacBytes].CopyTo(destination);
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Authentication;

public sealed partial class DigestAuthenticator
{
    /// <summary>
    /// The first Digest credentials for our realm decide (RFC 3261 §22.4: others are for other realms); another
    /// scheme's are passed over. Cheap checks come first, then the nonce's seal, then the hashing, then the
    /// nonce-count, which only a correct answer may change.
    /// </summary>
    private DigestVerdict Verify(SipRequest request, IPAddress source)
    {
        var headers = request.Headers;
        Span<byte> scratch = stackalloc byte[Utf8Value.ScratchBytes];
        for (var i = headers.IndexOf(HeaderKind.Authorization); i >= 0; i = headers.IndexOf(HeaderKind.Authorization, i + 1))
        {
            var field = headers[i];
            var length = field.IsRaw ? field.RawValue.Length : Encoding.UTF8.GetByteCount(field.Value);
            if (length > _options.MaxCredentialsBytes)
            {
                return new DigestVerdict(DigestFailure.TooLong, Detail: _options.MaxCredentialsBytes.ToString(CultureInfo.InvariantCulture));
            }

            using var value = new Utf8Value(field, scratch);
            if (!DigestAnswer.TryRead(value.Span, out var answer, out var isDigest, out var error))
            {
                if (isDigest)
                {
                    return new DigestVerdict(DigestFailure.Malformed, Detail: error);
                }

                continue;
            }

            if (answer.MissingRequired() is { } missing)
            {
                return new DigestVerdict(DigestFailure.Malformed, Username: NameOf(answer), Detail: $"no {missing}");
            }

            if (answer.Realm.SequenceEqual(_realm))
            {
                return Verify(answer, request, source);
            }
        }

        return new DigestVerdict(DigestFailure.NoCredentials);
    }

    private DigestVerdict Verify(DigestAnswer answer, SipRequest request, IPAddress source)
    {
        var username = Encoding.UTF8.GetString(answer.Username);
        var algorithm = DigestAlgorithm.Md5; // RFC 7616 §3.3: an answer without one is MD5
        if ((answer.HasAlgorithm && !DigestAlgorithmNames.TryParse(answer.Algorithm, out algorithm)) || !_options.Algorithms.Contains(algorithm))
        {
            return new DigestVerdict(DigestFailure.AlgorithmNotOffered, Username: username);
        }

        if (!answer.HasQop || !Ascii.EqualsIgnoreCase(answer.Qop, "auth"u8))
        {
            return new DigestVerdict(DigestFailure.QopNotAuth, Username: username);
        }

        // nc = 8LHEX (RFC 3261 §25.1), counting from 1.
        if (answer.NonceCount.Length != 8 || !Utf8Parser.TryParse(answer.NonceCount, out uint count, out var used, 'x') || used != 8 || count == 0)
        {
            return new DigestVerdict(DigestFailure.Malformed, Username: username, Detail: "nc is not 8 hex digits from 00000001");
        }

        if (answer.Cnonce.IsEmpty)
        {
            return new DigestVerdict(DigestFailure.Malformed, Username: username, Detail: "no cnonce with qop=auth");
        }

        if (Ascii.EqualsIgnoreCase(answer.UserHash, "true"u8))
        {
            return new DigestVerdict(DigestFailure.UserHashNotOffered, Username: username);
        }

        var hexLength = DigestHash.HexLength(algorithm);
        if (answer.Response.Length != hexLength || answer.Response.ContainsAnyExcept(HexDigits))
        {
            return new DigestVerdict(DigestFailure.Malformed, Username: username,
                Detail: string.Create(CultureInfo.InvariantCulture, $"response is not {hexLength} hex digits"));
        }

        if (!DigestUri.Matches(answer.Uri, request))
        {
            return new DigestVerdict(DigestFailure.UriMismatch, Username: username);
        }

        if (!_nonces.TryOpen(answer.Nonce, source, out var nonce, out var issuedAt, out var expired))
        {
            return new DigestVerdict(DigestFailure.NonceNotIssued, Username: username);
        }

        var credential = _credentials.Find(username);
        if (credential is not null && credential.Ha1(algorithm) is null)
        {
            return new DigestVerdict(DigestFailure.AlgorithmNotForUser, credential, username);
        }

        if (!IsCorrect(answer, request.Method, algorithm, credential ?? _decoy) || credential is null)
        {
            return new DigestVerdict(DigestFailure.WrongCredentials, Username: username);
        }

        if (expired)
        {
            return new DigestVerdict(DigestFailure.NonceExpired, Username: username);
        }

        return _counts.Advance(nonce, issuedAt, count) switch
        {
            NonceCountVerdict.Replayed => new DigestVerdict(DigestFailure.Replayed, Username: username),
            NonceCountVerdict.Forgotten => new DigestVerdict(DigestFailure.NonceForgotten, Username: username),
            _ => DigestVerdict.Authenticated(credential, username),
        };
    }

    /// <summary>The answer's response against the one the credential gives, compared in constant time, hex case ignored.</summary>
    private static bool IsCorrect(DigestAnswer answer, string method, DigestAlgorithm algorithm, DigestCredential credential)
    {
        var hexLength = DigestHash.HexLength(algorithm);
        Span<byte> methodBytes = stackalloc byte[Encoding.ASCII.GetMaxByteCount(method.Length)];
        methodBytes = methodBytes[..Encoding.ASCII.GetBytes(method, methodBytes)];
        Span<byte> expected = stackalloc byte[hexLength];
        DigestHash.Response(algorithm, credential.Ha1(algorithm), methodBytes, answer.Uri, answer.Nonce, answer.NonceCount, answer.Cnonce, answer.Qop,
            expected);
        Span<byte> given = stackalloc byte[hexLength];
        Ascii.ToLower(answer.Response, given, out _);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string? NameOf(DigestAnswer answer) => answer.HasUsername ? Encoding.UTF8.GetString(answer.Username) : null;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdefABCDEF"u8;
}

using System.Runtime.CompilerServices;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// The via-parm grammar over UTF-8 bytes: one implementation, which the parser's validation runs without building
/// anything and <see cref="TryParse(ReadOnlySpan{byte}, out ViaHeader)"/> turns into a <see cref="ViaHeader"/>.
/// </summary>
public sealed partial class ViaHeader
{
    /// <summary>The branch parameter of the well-formed via-parm <paramref name="text"/>; builds nothing.</summary>
    internal static bool TryScanBranch(ReadOnlySpan<byte> text, Span<byte> scratch, out ReadOnlySpan<byte> branch)
    {
        var found = TryScan(text, scratch, out var parts) && parts.HasBranch;
        branch = parts.Branch;
        return found;
    }

    /// <summary>
    /// The RFC 3261 branch (with the magic cookie) and sent-by of the well-formed via-parm <paramref name="text"/>, as
    /// a server transaction's key takes them; false without such a branch. Builds nothing.
    /// </summary>
    internal static bool TryScanKey(ReadOnlySpan<byte> text, Span<byte> scratch, out ReadOnlySpan<byte> branch, out ReadOnlySpan<byte> host, out int? port)
    {
        branch = default;
        host = default;
        port = null;
        if (!TryScan(text, scratch, out var parts) || !parts.HasBranch || !parts.Branch.StartsWith("z9hG4bK"u8))
        {
            return false;
        }

        branch = parts.Branch;
        host = parts.Host;
        port = parts.Port;
        return true;
    }

    /// <summary>True when <paramref name="text"/> is one well-formed via-parm; builds nothing.</summary>
    [SkipLocalsInit]
    internal static bool IsValid(ReadOnlySpan<byte> text) => TryScan(text, stackalloc byte[Utf8Value.ScratchBytes], out _);

    /// <summary>
    /// The grammar over UTF-8 bytes. sent-protocol = protocol-name SLASH protocol-version SLASH transport, with LWS allowed
    /// around the slashes and around the colon of sent-by; <paramref name="scratch"/> takes a sent-by copied without it.
    /// </summary>
    internal static bool TryScan(ReadOnlySpan<byte> text, Span<byte> scratch, out ViaParts parts)
    {
        text = text.TrimWsp();
        return TryScanPlain(text, out parts) || TryScanGeneral(text, scratch, out parts);
    }

    /// <summary><see cref="TryScan"/> by the whole grammar, for any via-parm.</summary>
    internal static bool TryScanGeneral(ReadOnlySpan<byte> text, Span<byte> scratch, out ViaParts parts)
    {
        parts = default;
        text = text.TrimWsp();
        ReadOnlySpan<byte> name;
        ReadOnlySpan<byte> version;
        if (text.StartsWith("SIP/2.0/"u8))
        {
            // Nearly every Via: the two tokens and slashes the general reading would find there, taken at once.
            name = text[..3];
            version = text[4..7];
            text = text[8..];
        }
        else if (!TryTakeToken(ref text, out name) || !TakeSlash(ref text) || !TryTakeToken(ref text, out version) || !TakeSlash(ref text))
        {
            return false;
        }

        if (!TryTakeToken(ref text, out var transport))
        {
            return false;
        }

        text = text.TrimWspStart();
        var semi = text.IndexOf((byte)';');
        var sentBy = (semi < 0 ? text : text[..semi]).TrimWsp();
        if (sentBy.ContainsAny(" \t"u8))
        {
            // Rare, so only then is sent-by copied, without any whitespace (a longer one than the scratch goes to the heap).
            var compact = sentBy.Length <= scratch.Length ? scratch : new byte[sentBy.Length];
            var length = 0;
            foreach (var b in sentBy)
            {
                if (b is not ((byte)' ' or (byte)'\t'))
                {
                    compact[length++] = b;
                }
            }

            sentBy = compact[..length];
        }

        var parameters = semi < 0 ? default : text[semi..];
        if (!SipUri.TryScanHostPort(sentBy, out var host, out var port) ||
            !ParameterReader.IsValid(parameters, "branch"u8, out var hasBranch, out var branch))
        {
            return false;
        }

        parts = new ViaParts
        {
            ProtocolName = name,
            ProtocolVersion = version,
            Transport = transport,
            Host = host,
            Port = port,
            HasBranch = hasBranch,
            Branch = branch,
            Parameters = parameters,
        };
        return true;
    }

    private static bool TryTakeToken(scoped ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> token)
    {
        text = text.TrimWspStart();
        var length = text.IndexOfAnyExcept(SipGrammar.TokenBytes);
        if (length < 0)
        {
            length = text.Length;
        }

        token = text[..length];
        text = text[length..];
        return length > 0;
    }

    private static bool TakeSlash(scoped ref ReadOnlySpan<byte> text)
    {
        text = text.TrimWspStart();
        if (text.IsEmpty || text[0] != '/')
        {
            return false;
        }

        text = text[1..];
        return true;
    }
}

using System.Buffers;

namespace PresenceAgent.Sip.Messages;

/// <summary>Character classes from the RFC 3261 §25.1 ABNF.</summary>
public static class SipGrammar
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    private static readonly SearchValues<char> s_token =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~");

    private static readonly SearchValues<byte> s_tokenBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    /// <summary>token characters as bytes, for the wire parser.</summary>
    internal static SearchValues<byte> TokenBytes => s_tokenBytes;

    public static bool IsToken(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExcept(s_token);

    public static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExcept(s_tokenBytes);
}

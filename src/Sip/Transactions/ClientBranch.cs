using System.Buffers;
using System.Buffers.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The branch of a request we send (RFC 3261 §8.1.1.7): the magic cookie, 64 random bits and a 32-bit process counter
/// in lowercase hex (<see cref="SipIds.NewBranch"/> gives one as text). Held and matched as those two numbers, so a NOTIFY's
/// branch is written into its head and a response's is looked up without a string.
/// </summary>
internal readonly record struct ClientBranch(ulong Random, uint Counter)
{
    /// <summary>Its length as text.</summary>
    public const int Length = SipIds.BranchLength;

    private const int CookieLength = 7;

    private static int s_counter = System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);

    private static ReadOnlySpan<byte> Cookie => "z9hG4bK"u8;

    public static ClientBranch New() => new((ulong)System.Random.Shared.NextInt64(), (uint)Interlocked.Increment(ref s_counter));

    /// <summary>Writes the branch as ASCII into <paramref name="destination"/>, at least <see cref="Length"/> long.</summary>
    public void Write(Span<byte> destination)
    {
        Cookie.CopyTo(destination);
        Utf8Formatter.TryFormat(Random, destination[CookieLength..], out _, new StandardFormat('x', 16));
        Utf8Formatter.TryFormat(Counter, destination[(CookieLength + 16)..], out _, new StandardFormat('x', 8));
    }

    /// <summary>The branch as text, for the paths that send a request as a message.</summary>
    public override string ToString() => string.Create(Length, this, static (chars, branch) =>
    {
        Span<byte> ascii = stackalloc byte[Length];
        branch.Write(ascii);
        for (var i = 0; i < Length; i++)
        {
            chars[i] = (char)ascii[i];
        }
    });

    /// <summary>Reads a branch of ours, exactly as we write it (a branch matches case-sensitively); false for any other.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ClientBranch branch)
    {
        branch = default;
        if (text.Length != Length || !text.StartsWith("z9hG4bK", StringComparison.Ordinal) ||
            !TryHex(text.Slice(CookieLength, 16), out var random) || !TryHex(text.Slice(CookieLength + 16, 8), out var counter))
        {
            return false;
        }

        branch = new ClientBranch(random, (uint)counter);
        return true;
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        foreach (var c in digits)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }
}

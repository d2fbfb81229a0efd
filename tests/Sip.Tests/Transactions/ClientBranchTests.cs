using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>Our branches as two numbers: written as the cookie and lowercase hex, read back only in exactly that form.</summary>
public sealed class ClientBranchTests
{
    [Fact]
    public void It_is_written_as_the_cookie_then_sixteen_and_eight_lowercase_hex_digits()
    {
        var branch = new ClientBranch(0x0123456789abcdefUL, 0x2a);
        Span<byte> ascii = stackalloc byte[ClientBranch.Length];
        branch.Write(ascii);

        Assert.Equal("z9hG4bK0123456789abcdef0000002a", branch.ToString());
        Assert.Equal(branch.ToString(), Encoding.ASCII.GetString(ascii));
        Assert.Equal(SipIds.BranchLength, SipIds.NewBranch().Length);
    }

    [Fact]
    public void A_new_branch_reads_back_as_itself_and_each_is_different()
    {
        var first = ClientBranch.New();
        var second = ClientBranch.New();

        Assert.True(ClientBranch.TryParse(first.ToString(), out var read));
        Assert.Equal(first, read);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("z9hG4bK0123456789ABCDEF0000002a")]
    [InlineData("z9hg4bK0123456789abcdef0000002a")]
    [InlineData("z9hG4bK0123456789abcdef0000002")]
    [InlineData("z9hG4bK0123456789abcdef0000002a0")]
    [InlineData("z9hG4bK0123456789abcdeg0000002a")]
    [InlineData("z9hG4bKpeer1")]
    public void Any_other_branch_is_not_ours(string text)
    {
        Assert.False(ClientBranch.TryParse(text, out _));
    }
}

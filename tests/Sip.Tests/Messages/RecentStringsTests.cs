using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Messages;

/// <summary>Values that repeat from message to message decode to one string; anything else decodes as it reads.</summary>
public sealed class RecentStringsTests
{
    [Fact]
    public void The_same_bytes_again_give_the_same_string()
    {
        var first = RecentStrings.Get("vc.example.com"u8);

        Assert.Equal("vc.example.com", first);
        Assert.Same(first, RecentStrings.Get(Encoding.ASCII.GetBytes("vc.example.com")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("münchen.example")]
    [InlineData("a-value-longer-than-the-sixty-four-bytes-that-the-table-keeps-for-hosts")]
    public void Any_value_reads_as_its_bytes(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.Equal(text, RecentStrings.Get(bytes));
        Assert.Equal(text, RecentStrings.Get(bytes));
    }

    [Fact]
    public void Values_sharing_a_slot_each_read_as_their_own()
    {
        for (var i = 0; i < 1000; i++)
        {
            var text = $"host{i}.example";
            Assert.Equal(text, RecentStrings.Get(Encoding.ASCII.GetBytes(text)));
        }
    }
}

using PresenceAgent.Sip.Authentication;

namespace PresenceAgent.Sip.Tests.Authentication;

public sealed class NonceCountsTests
{
    [Fact]
    public void A_count_must_grow_per_nonce()
    {
        var counts = new NonceCounts(10);

        Assert.Equal(NonceCountVerdict.Accepted, counts.Advance(1, issuedAt: 5, count: 1));
        Assert.Equal(NonceCountVerdict.Replayed, counts.Advance(1, 5, 1));
        Assert.Equal(NonceCountVerdict.Accepted, counts.Advance(1, 5, 3));
        Assert.Equal(NonceCountVerdict.Replayed, counts.Advance(1, 5, 2));
        Assert.Equal(NonceCountVerdict.Accepted, counts.Advance(2, 6, 1));
    }

    [Fact]
    public void The_table_keeps_its_bound_and_a_nonce_it_may_have_forgotten_is_refused()
    {
        var counts = new NonceCounts(2);
        counts.Advance(1, issuedAt: 10, count: 1);
        counts.Advance(2, issuedAt: 20, count: 1);
        counts.Advance(1, 10, 2); // nonce 2 is now the least recently used

        Assert.Equal(NonceCountVerdict.Accepted, counts.Advance(3, issuedAt: 30, count: 1));

        Assert.Equal(2, counts.Count);
        Assert.Equal(NonceCountVerdict.Forgotten, counts.Advance(2, 20, 2));

        // Issued no later than a forgotten one, without an entry: it may have been forgotten too.
        Assert.Equal(NonceCountVerdict.Forgotten, counts.Advance(4, issuedAt: 15, count: 1));

        // Issued after every forgotten one: its first use.
        Assert.Equal(NonceCountVerdict.Accepted, counts.Advance(5, issuedAt: 40, count: 1));
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public void Many_nonces_cost_no_more_than_the_bound()
    {
        var counts = new NonceCounts(1_000);

        for (var i = 0; i < 100_000; i++)
        {
            Assert.Equal(NonceCountVerdict.Accepted, counts.Advance((UInt128)i, issuedAt: i, count: 1));
        }

        Assert.Equal(1_000, counts.Count);
    }
}

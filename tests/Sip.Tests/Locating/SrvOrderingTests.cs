using PresenceAgent.Sip.Locating;

namespace PresenceAgent.Sip.Tests.Locating;

/// <summary>RFC 2782 usage rules, with the random draws fixed so each order can be checked exactly.</summary>
public sealed class SrvOrderingTests
{
    [Fact]
    public void Lower_priority_comes_first_whatever_the_weights()
    {
        var ordered = SrvOrdering.Order([Srv(20, 100, "b"), Srv(10, 0, "a"), Srv(30, 50, "c")], Draws(0, 0, 0));

        Assert.Equal(["a", "b", "c"], ordered.Select(r => r.Target));
    }

    [Theory]
    [InlineData(0, "light")]
    [InlineData(10, "light")]
    [InlineData(11, "heavy")]
    [InlineData(100, "heavy")]
    public void The_draw_picks_the_first_record_whose_running_weight_reaches_it(int draw, string first)
    {
        var ordered = SrvOrdering.Order([Srv(10, 10, "light"), Srv(10, 90, "heavy")], Draws(draw, 0));

        Assert.Equal(first, ordered[0].Target);
        Assert.Equal(2, ordered.Count);
    }

    [Fact]
    public void Each_draw_is_over_the_weights_left_and_zero_weights_go_first()
    {
        var bounds = new List<int>();
        var ordered = SrvOrdering.Order([Srv(10, 30, "x"), Srv(10, 0, "zero"), Srv(10, 70, "y")], max =>
        {
            bounds.Add(max);
            return max - 1;
        });

        // Sum 100: the draw of 100 takes the last record (y); then 30 of x and zero; then zero alone.
        Assert.Equal([101, 31, 1], bounds);
        Assert.Equal(["y", "x", "zero"], ordered.Select(r => r.Target));
    }

    [Fact]
    public void A_zero_draw_takes_a_zero_weight_record()
    {
        var ordered = SrvOrdering.Order([Srv(10, 50, "w"), Srv(10, 0, "zero")], Draws(0, 0));

        Assert.Equal(["zero", "w"], ordered.Select(r => r.Target));
    }

    [Fact]
    public void A_dot_target_offers_no_service_and_is_left_out()
    {
        var ordered = SrvOrdering.Order([Srv(10, 0, "."), Srv(20, 0, "b")], Draws(0, 0));

        Assert.Equal(["b"], ordered.Select(r => r.Target));
    }

    private static SrvEntry Srv(int priority, int weight, string target) => new(priority, weight, 5060, target);

    private static Func<int, int> Draws(params int[] draws)
    {
        var next = 0;
        return max =>
        {
            var draw = draws[next++];
            Assert.InRange(draw, 0, max - 1);
            return draw;
        };
    }
}

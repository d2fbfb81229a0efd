using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

public sealed class AvailabilityTests
{
    [Theory]
    [InlineData(3000, nameof(BaseStatus.Available))]
    [InlineData(3500, nameof(BaseStatus.Available))]
    [InlineData(4499, nameof(BaseStatus.Available))]
    [InlineData(4500, nameof(BaseStatus.Away))]
    [InlineData(5999, nameof(BaseStatus.Away))]
    [InlineData(6000, nameof(BaseStatus.Busy))]
    [InlineData(7499, nameof(BaseStatus.Busy))]
    [InlineData(7500, nameof(BaseStatus.Busy))]
    [InlineData(8999, nameof(BaseStatus.Busy))]
    [InlineData(9000, nameof(BaseStatus.DoNotDisturb))]
    [InlineData(11999, nameof(BaseStatus.DoNotDisturb))]
    [InlineData(12000, nameof(BaseStatus.BeRightBack))]
    [InlineData(14999, nameof(BaseStatus.BeRightBack))]
    [InlineData(15000, nameof(BaseStatus.Away))]
    [InlineData(17999, nameof(BaseStatus.Away))]
    [InlineData(18000, nameof(BaseStatus.Offline))]
    [InlineData(18500, nameof(BaseStatus.Offline))]
    [InlineData(int.MaxValue, nameof(BaseStatus.Offline))]
    public void Maps_a_number_to_the_status_whose_range_holds_it(int availability, string expected) =>
        Assert.Equal(Enum.Parse<BaseStatus>(expected), Availability.StatusOf(availability));

    [Theory]
    [InlineData(0)]
    [InlineData(2999)]
    [InlineData(-1)]
    public void A_number_below_3000_means_no_status(int availability) => Assert.Null(Availability.StatusOf(availability));

    [Theory]
    [InlineData(nameof(BaseStatus.Available), 3500, 3000, 4499)]
    [InlineData(nameof(BaseStatus.Busy), 6500, 6000, 7499)]
    [InlineData(nameof(BaseStatus.DoNotDisturb), 9500, 9000, 11999)]
    [InlineData(nameof(BaseStatus.BeRightBack), 12500, 12000, 14999)]
    [InlineData(nameof(BaseStatus.Away), 15500, 15000, 17999)]
    [InlineData(nameof(BaseStatus.Offline), 18500, 18000, int.MaxValue)]
    public void Each_status_publishes_a_number_inside_its_own_range(string name, int published, int first, int last)
    {
        var status = Enum.Parse<BaseStatus>(name);
        Assert.Equal(published, Availability.Of(status));
        Assert.Equal((first, last), Availability.RangeOf(status));
        Assert.Equal(status, Availability.StatusOf(published));
        Assert.Equal(status, Availability.StatusOf(first));
        Assert.Equal(status, Availability.StatusOf(last));
    }

    [Fact]
    public void The_ranges_tile_every_number_a_state_may_carry()
    {
        for (var n = Availability.Minimum; n <= Availability.Maximum; n++)
        {
            Assert.NotNull(Availability.StatusOf(n));
        }

        Assert.Null(Availability.StatusOf(Availability.Minimum - 1));
    }
}

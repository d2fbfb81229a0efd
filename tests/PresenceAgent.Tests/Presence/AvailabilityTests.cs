using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

public sealed class AvailabilityTests
{
    [Theory]
    [InlineData(0, nameof(AvailabilityStatus.None))]
    [InlineData(1, nameof(AvailabilityStatus.None))]
    [InlineData(2999, nameof(AvailabilityStatus.None))]
    [InlineData(3000, nameof(AvailabilityStatus.Online))]
    [InlineData(3500, nameof(AvailabilityStatus.Online))]
    [InlineData(4499, nameof(AvailabilityStatus.Online))]
    [InlineData(4500, nameof(AvailabilityStatus.IdleOnline))]
    [InlineData(5999, nameof(AvailabilityStatus.IdleOnline))]
    [InlineData(6000, nameof(AvailabilityStatus.Busy))]
    [InlineData(7499, nameof(AvailabilityStatus.Busy))]
    [InlineData(7500, nameof(AvailabilityStatus.IdleBusy))]
    [InlineData(8999, nameof(AvailabilityStatus.IdleBusy))]
    [InlineData(9000, nameof(AvailabilityStatus.DoNotDisturb))]
    [InlineData(11999, nameof(AvailabilityStatus.DoNotDisturb))]
    [InlineData(12000, nameof(AvailabilityStatus.BeRightBack))]
    [InlineData(14999, nameof(AvailabilityStatus.BeRightBack))]
    [InlineData(15000, nameof(AvailabilityStatus.Away))]
    [InlineData(17999, nameof(AvailabilityStatus.Away))]
    [InlineData(18000, nameof(AvailabilityStatus.Offline))]
    [InlineData(18500, nameof(AvailabilityStatus.Offline))]
    [InlineData(int.MaxValue, nameof(AvailabilityStatus.Offline))]
    [InlineData(-1, nameof(AvailabilityStatus.None))]
    public void Maps_number_to_the_range_containing_it(int availability, string expected) =>
        Assert.Equal(Enum.Parse<AvailabilityStatus>(expected), Availability.StatusOf(availability));

    [Theory]
    [InlineData(nameof(AvailabilityStatus.None), 0)]
    [InlineData(nameof(AvailabilityStatus.Online), 3500)]
    [InlineData(nameof(AvailabilityStatus.IdleOnline), 5000)]
    [InlineData(nameof(AvailabilityStatus.Busy), 6500)]
    [InlineData(nameof(AvailabilityStatus.IdleBusy), 7500)]
    [InlineData(nameof(AvailabilityStatus.DoNotDisturb), 9500)]
    [InlineData(nameof(AvailabilityStatus.BeRightBack), 12500)]
    [InlineData(nameof(AvailabilityStatus.Away), 15500)]
    [InlineData(nameof(AvailabilityStatus.Offline), 18500)]
    public void Typical_published_value_lies_in_its_own_range(string name, int published)
    {
        AvailabilityStatus status = Enum.Parse<AvailabilityStatus>(name);
        Assert.Equal(published, Availability.TypicalPublished(status));
        Assert.Equal(status, Availability.StatusOf(published));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3500, true)]
    [InlineData(17999, true)]
    [InlineData(18000, false)]
    [InlineData(18500, false)]
    public void Basic_status_is_open_below_offline(int availability, bool open) =>
        Assert.Equal(open, Availability.IsOpen(availability));
}

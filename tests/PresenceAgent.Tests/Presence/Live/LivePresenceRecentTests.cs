using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Presence.Live;

/// <summary>The newest transitions across contacts, as the admin console's dashboard lists them.</summary>
public sealed class LivePresenceRecentTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly LivePresence _live;

    public LivePresenceRecentTests() => _live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.Zero, _time, NullLogger<LivePresence>.Instance);

    public void Dispose() => _live.Dispose();

    private static Contact Room(string key) => new() { Kind = ContactKind.Vmr, Key = key, DisplayName = key, Since = ManualTimeProvider.Start };

    private void Report(Contact room, string state)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        _live.Report(room, PresenceSource.Occupancy, TestStates.Resolve(state), null, "test");
    }

    [Fact]
    public void Changes_of_every_contact_come_newest_first_and_bounded()
    {
        Contact a = Room("a"), b = Room("b"), c = Room("c");
        Report(a, "InAMeeting");
        Report(b, "Full");
        Report(a, "Busy");
        Report(c, "Locked");
        Report(b, "InAMeeting");

        var recent = _live.Recent(4);

        Assert.Equal([("b", "InAMeeting"), ("c", "Locked"), ("a", "Busy"), ("b", "Full")], recent.Select(r => (r.Contact, r.Transition.To)));
        Assert.True(recent.Zip(recent.Skip(1)).All(p => p.First.Transition.At > p.Second.Transition.At));
        Assert.Equal(5, _live.Recent(100).Count);
    }

    [Fact]
    public void No_change_is_no_row()
    {
        Assert.Empty(_live.Recent(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => _live.Recent(0));
    }
}

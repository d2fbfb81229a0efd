using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Publications;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Publications;

/// <summary>Entity-tags, refresh, modify, removal, expiry, newest wins and the bounds, in virtual time, as live presence hears them.</summary>
public sealed class PublicationStoreTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly SourceKey NodeA = SourceKey.Of(IPAddress.Parse("192.0.2.1"));
    private static readonly SourceKey NodeB = SourceKey.Of(IPAddress.Parse("192.0.2.2"));

    private readonly ManualTimeProvider _time = new();
    private readonly LivePresence _live;
    private readonly PublicationStore _store;
    private readonly Contact _room = Room("room1@vc.test");
    private readonly Contact _other = Room("room2@vc.test");

    public PublicationStoreTests() : this(new PublicationOptions())
    {
    }

    private PublicationStoreTests(PublicationOptions options)
    {
        _live = new LivePresence(StateCatalogue.BuiltIn, TimeSpan.FromSeconds(150), _time, NullLogger<LivePresence>.Instance);
        _store = new PublicationStore(_live, options, _time, NullLogger<PublicationStore>.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _live.Dispose();
    }

    private ShownPresence Shown(Contact contact) => _live.Current(contact);

    [Fact]
    public void A_publication_is_what_the_contact_shows_and_its_tag_is_128_random_bits()
    {
        var tag = Add(_room, NodeA, "Busy", "Recording");
        var again = Add(_other, NodeA, "Busy");

        Assert.Equal(("Busy", "Recording", PresenceSource.Publication), (Shown(_room).State.Id, Shown(_room).Note, Shown(_room).Source));
        Assert.Matches("^[0-9a-f]{32}$", tag);
        Assert.NotEqual(tag, again);
        Assert.True(_store.Has(_room, tag));
    }

    [Fact]
    public void A_refresh_gives_a_new_tag_and_a_new_lifetime_and_the_old_tag_names_nothing()
    {
        var tag = Add(_room, NodeA, "Busy", lifetime: TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(9));

        Assert.True(_store.TryUpdate(_room, tag, state: null, TimeSpan.FromMinutes(10), out var refreshed));
        Assert.NotEqual(tag, refreshed);
        Assert.False(_store.Has(_room, tag));
        Assert.False(_store.TryUpdate(_room, tag, state: null, Hour, out _));

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("Busy", Shown(_room).State.Id);
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public void A_modify_changes_what_is_shown_and_gives_a_new_tag()
    {
        var tag = Add(_room, NodeA, "Busy");

        Assert.True(_store.TryUpdate(_room, tag, State("Away", "Out"), Hour, out var modified));

        Assert.NotEqual(tag, modified);
        Assert.Equal(("Away", "Out"), (Shown(_room).State.Id, Shown(_room).Note));
    }

    [Fact]
    public void A_tag_names_a_publication_of_its_own_contact_only()
    {
        var tag = Add(_room, NodeA, "Busy");

        Assert.False(_store.Has(_other, tag));
        Assert.False(_store.TryUpdate(_other, tag, State("Away"), Hour, out _));
        Assert.False(_store.TryRemove(_other, tag));
        Assert.Equal("Busy", Shown(_room).State.Id);
    }

    [Fact]
    public void Removing_the_last_publication_loses_the_source_and_the_grace_period_shows_offline()
    {
        var tag = Add(_room, NodeA, "Busy");

        Assert.True(_store.TryRemove(_room, tag));

        Assert.Equal(("Offline", PresenceSource.Grace), (Shown(_room).State.Id, Shown(_room).Source));
        Assert.Equal(0, _store.Count);
        _time.Advance(TimeSpan.FromSeconds(151));
        Assert.Equal(("Available", PresenceSource.Default), (Shown(_room).State.Id, Shown(_room).Source));
    }

    [Fact]
    public void A_publication_not_refreshed_expires_on_time_and_not_before()
    {
        Add(_room, NodeA, "Busy", lifetime: TimeSpan.FromSeconds(600));

        _time.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(("Busy", 1), (Shown(_room).State.Id, _store.Count));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0, "Offline"), (_store.Count, Shown(_room).State.Id));
        Assert.Equal(1, _time.ActiveTimers); // live presence's grace timer; the publication's is gone
    }

    [Fact]
    public void A_publication_published_again_within_the_grace_period_ends_it()
    {
        Add(_room, NodeA, "Busy", lifetime: TimeSpan.FromSeconds(60));
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal("Offline", Shown(_room).State.Id);

        Add(_room, NodeA, "Away");

        Assert.Equal(("Away", PresenceSource.Publication), (Shown(_room).State.Id, Shown(_room).Source));
    }

    [Fact]
    public void The_newest_publication_decides_and_when_it_goes_the_next_newest_does()
    {
        var first = Add(_room, NodeA, "Busy", "node A");
        var second = Add(_room, NodeB, "Away", "node B");
        Assert.Equal(("Away", "node B"), (Shown(_room).State.Id, Shown(_room).Note));

        // A refresh keeps a publication's place; a modify makes it the newest.
        Assert.True(_store.TryUpdate(_room, first, state: null, Hour, out first));
        Assert.Equal("Away", Shown(_room).State.Id);
        Assert.True(_store.TryUpdate(_room, first, State("DoNotDisturb", "node A again"), Hour, out first));
        Assert.Equal(("DoNotDisturb", "node A again"), (Shown(_room).State.Id, Shown(_room).Note));

        // The older one going changes nothing; the newest going hands over to the one left.
        Assert.True(_store.TryUpdate(_room, second, State("Offline"), Hour, out second));
        Assert.True(_store.TryRemove(_room, first));
        Assert.Equal(("Offline", PresenceSource.Publication), (Shown(_room).State.Id, Shown(_room).Source));
        Assert.Equal(1, _store.CountFor(_room));
    }

    [Fact]
    public void An_older_publication_expiring_leaves_the_newest_shown()
    {
        Add(_room, NodeA, "Busy", lifetime: TimeSpan.FromSeconds(60));
        Add(_room, NodeB, "Away", lifetime: Hour);
        var version = Shown(_room).Version;

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(("Away", version, 1), (Shown(_room).State.Id, Shown(_room).Version, _store.CountFor(_room)));
    }

    [Fact]
    public void The_bounds_hold_in_all_per_alias_and_per_source()
    {
        using var t = new PublicationStoreTests(new PublicationOptions { MaxPublications = 4, MaxPerAlias = 2, MaxPerSource = 3 });
        var third = Room("room3@vc.test");

        t.Add(t._room, NodeA, "Busy");
        t.Add(t._room, NodeA, "Busy");
        Assert.Equal(PublicationLimit.MaxPerAlias, t._store.Check(t._room, NodeB));
        Assert.Equal(PublicationLimit.MaxPerAlias, t._store.TryAdd(t._room, NodeB, "b", State("Away"), Hour, out var refused));
        Assert.Equal("", refused);

        t.Add(t._other, NodeA, "Busy");
        Assert.Equal(PublicationLimit.MaxPerSource, t._store.TryAdd(third, NodeA, "a", State("Away"), Hour, out _));

        t.Add(third, NodeB, "Busy");
        Assert.Equal(PublicationLimit.MaxPublications, t._store.TryAdd(third, NodeB, "b", State("Away"), Hour, out _));
        Assert.Equal(4, t._store.Count);
    }

    [Fact]
    public void What_a_removal_or_expiry_gives_back_counts_again()
    {
        using var t = new PublicationStoreTests(new PublicationOptions { MaxPerAlias = 1, MaxPerSource = 1 });
        var tag = t.Add(t._room, NodeA, "Busy", lifetime: TimeSpan.FromSeconds(60));
        Assert.True(t._store.TryRemove(t._room, tag));
        t.Add(t._room, NodeA, "Busy", lifetime: TimeSpan.FromSeconds(60));

        t._time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(PublicationLimit.None, t._store.Check(t._room, NodeA));
    }

    private string Add(Contact contact, SourceKey source, string state, string? note = null, TimeSpan? lifetime = null)
    {
        Assert.Equal(PublicationLimit.None, _store.TryAdd(contact, source, "nodes", State(state, note), lifetime ?? Hour, out var tag));
        return tag;
    }

    private static PublishedState State(string id, string? note = null) => new(TestStates.Resolve(id), note);

    private static Contact Room(string key) => new() { Kind = ContactKind.Vmr, Key = key, DisplayName = key, Since = ManualTimeProvider.Start };
}

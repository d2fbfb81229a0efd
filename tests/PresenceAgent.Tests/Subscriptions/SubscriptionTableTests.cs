using System.Runtime.CompilerServices;
using System.Text;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

public sealed class SubscriptionTableTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly SubscriptionTable _table;
    private readonly List<Subscription> _expired = [];

    public SubscriptionTableTests()
    {
        _table = new SubscriptionTable(_time);
        _table.Expired += _expired.Add;
    }

    public void Dispose() => _table.Dispose();

    [Fact]
    public void An_added_subscription_expires_at_its_time_and_stays_in_the_table_until_removed()
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(60));
        Assert.True(_table.TryAdd(s, out _));

        _time.AdvanceSeconds(60);

        Assert.Equal([s], _expired);
        Assert.True(_table.TryGet(s.Dialog.Id, out _));
    }

    [Fact]
    public void A_dialog_is_found_only_with_all_three_of_call_id_our_tag_and_the_watchers_tag()
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(60));
        Assert.True(_table.TryAdd(s, out _));
        var id = s.Dialog.Id;

        Assert.False(string.IsNullOrEmpty(id.RemoteTag));
        Assert.True(_table.TryGet(id, out var found));
        Assert.Same(s, found);
        Assert.False(_table.TryGet(id with { RemoteTag = id.RemoteTag + "x" }, out _));
        Assert.False(_table.TryGet(id with { LocalTag = id.LocalTag + "x" }, out _));
        Assert.False(_table.TryGet(id with { CallId = "other" + id.CallId }, out _));
    }

    [Fact]
    public void An_in_dialog_request_finds_its_subscription_by_its_call_id_and_both_tags_read_from_its_bytes()
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(60));
        Assert.True(_table.TryAdd(s, out _));
        var id = s.Dialog.Id;
        SipRequest InDialog(string callId, string from) =>
            SipMessageParser.Parse(Encoding.UTF8.GetBytes(SubscribeRequests.Text(callId: callId, from: from)), new SipLimits(), isDatagram: false).Message as SipRequest
            ?? throw new InvalidOperationException("does not parse");
        var from = $"<sip:watcher@example.org>;tag={id.RemoteTag}";

        Assert.True(_table.TryGet(InDialog(id.CallId, from), id.LocalTag, out var found));
        Assert.Same(s, found);
        Assert.True(_table.TryGet(InDialog(id.CallId, $"\"W\" <sip:other@example.org;tag=uri> ;tag={id.RemoteTag}"), id.LocalTag, out _));
        Assert.False(_table.TryGet(InDialog(id.CallId, from + "x"), id.LocalTag, out _));
        Assert.False(_table.TryGet(InDialog(id.CallId, "<sip:watcher@example.org>"), id.LocalTag, out _));
        Assert.False(_table.TryGet(InDialog(id.CallId, from), id.LocalTag + "x", out _));
        Assert.False(_table.TryGet(InDialog("other" + id.CallId, from), id.LocalTag, out _));
        Assert.False(_table.TryGet(InDialog(id.CallId.ToUpperInvariant(), from), id.LocalTag, out _));
    }

    [Fact]
    public void Reschedule_moves_the_expiry()
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(60));
        _table.TryAdd(s, out _);

        _table.Reschedule(s, _time.GetUtcNow().AddSeconds(600).UtcTicks);
        _time.AdvanceSeconds(599);
        Assert.Empty(_expired);

        _time.AdvanceSeconds(1);
        Assert.Equal([s], _expired);
    }

    [Fact]
    public void A_removed_subscription_leaves_the_expiry_too_and_nothing_keeps_it_alive()
    {
        // Unsubscribes and fetches end long before the Expires they were first granted: under churn, holding them
        // until then would keep millions of dead subscriptions in memory.
        var weak = AddAndRemove();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(weak.IsAlive);
        Assert.Equal(0, _table.Count);
        Assert.Equal(0, _table.ScheduledCount);
        _time.AdvanceSeconds(3600);
        Assert.Empty(_expired);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference AddAndRemove()
    {
        var s = TestSubscriptions.Create(_time, TimeSpan.FromSeconds(600));
        _table.TryAdd(s, out _);
        s.Ended = true;
        _table.Remove(s);
        return new WeakReference(s);
    }
}

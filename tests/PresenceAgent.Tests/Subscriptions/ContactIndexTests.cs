using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>The index of watchers by contact, whose emptied entries are pooled and serve the next contact to get a watcher.</summary>
public sealed class ContactIndexTests
{
    private static int s_next;

    private static ContactSubscription Watching(string key)
    {
        var n = Interlocked.Increment(ref s_next);
        var request = SubscribeRequests.Parse(callId: $"index-{n}@watcher");
        var contact = new Contact { Kind = ContactKind.Vmr, Key = key, DisplayName = key, Since = DateTimeOffset.UnixEpoch };
        return new ContactSubscription(SubscribeRequests.DialogFor(request, localTag: $"pa-{n}"), "presence", contact, $"sip:{key}", null, 0);
    }

    [Fact]
    public void An_entry_emptied_and_reused_for_another_contact_holds_only_that_contacts_watchers()
    {
        var index = new ContactIndex();
        var first = Watching("a@vc.test");
        index.Add(first);
        index.Remove(first);
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Keys());

        var other = Watching("b@vc.test");
        var again = Watching("A@VC.test");
        index.Add(other);
        index.Add(again);
        index.Remove(first);

        Assert.Equal([other], index.WatchersOf("b@vc.test"));
        Assert.Equal([again], index.WatchersOf("a@vc.test"));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Watchers_coming_and_going_on_many_threads_leave_exactly_the_live_ones()
    {
        var index = new ContactIndex();
        string[] keys = ["a@vc.test", "b@vc.test", "c@vc.test"];
        var kept = new System.Collections.Concurrent.ConcurrentBag<Subscription>();

        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var s = Watching(keys[(worker + i) % keys.Length]);
                index.Add(s);
                if (i % 100 == 99)
                {
                    kept.Add(s);
                }
                else
                {
                    index.Remove(s);
                }
            }
        });

        foreach (var key in keys)
        {
            Assert.Equal(
                kept.Where(s => ((ContactSubscription)s).Contact.Key == key).ToHashSet(),
                index.WatchersOf(key).ToHashSet());
        }

        Assert.Equal(kept.Count, keys.Sum(index.CountOf));
    }
}

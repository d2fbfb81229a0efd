using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;
using PresenceAgent.Telemetry;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// <c>GET /admin/api/dashboard</c>: the subscriptions now (in all, by format, by transport, and the most watched
/// contacts), the newest presence changes across contacts, and the configuration reload. Counted when asked, in one
/// pass over the subscription table, as metrics are: subscribing pays nothing for the dashboard.
/// </summary>
/// <param name="Subscriptions">Live subscriptions, lists included.</param>
/// <param name="WatchedContacts">Contacts with at least one watcher.</param>
/// <param name="ByFormat">Subscriptions by the document format their watcher gets (pidf, msrtc, xpidf), zeros included.</param>
/// <param name="ByTransport">Subscriptions by the transport of their last SUBSCRIBE (udp, tcp, tls), zeros included.</param>
/// <param name="ByContact">The most watched contacts, most first (at most <see cref="MaxContacts"/>); a list's subscriptions count for each member.</param>
/// <param name="RecentChanges">The newest presence changes of any contact, newest first (at most <see cref="MaxChanges"/>).</param>
/// <param name="Reload">The configuration reload.</param>
internal sealed record DashboardView(int Subscriptions, int WatchedContacts, CountView[] ByFormat, CountView[] ByTransport,
    WatchedContactView[] ByContact, ChangeView[] RecentChanges, ReloadStatus Reload)
{
    /// <summary>Rows of the by-contact table: enough to see where load is, small enough to refresh every few seconds.</summary>
    public const int MaxContacts = 50;

    /// <summary>Rows of the recent changes: the last minutes of a busy platform.</summary>
    public const int MaxChanges = 50;

    public static DashboardView Of(SubscriptionTable table, LivePresence live, ContactDirectory contacts, IReloadStatus reload)
    {
        var formats = new int[Enum.GetValues<DocumentFormat>().Length];
        var transports = new int[Enum.GetValues<TransportProtocol>().Length];
        var total = 0;
        foreach (var s in table.Live)
        {
            total++;
            formats[(int)s.Format]++;
            if (s.Flow is { } flow)
            {
                transports[(int)flow.Protocol]++;
            }
        }

        var names = ContactNames.Of(contacts);
        var watched = table.WatcherCounts();
        var byContact = watched
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Take(MaxContacts)
            .Select(c =>
            {
                var (name, kind) = names.Describe(c.Key);
                return new WatchedContactView(c.Key, name, kind, c.Value);
            })
            .ToArray();
        var changes = live.Recent(MaxChanges)
            .Select(c => new ChangeView(c.Transition.At, c.Contact, names.Describe(c.Contact).Name, c.Transition.From, c.Transition.To,
                c.Transition.Source.ToString(), c.Transition.Reason))
            .ToArray();
        return new DashboardView(total, watched.Count,
            [.. Enum.GetValues<DocumentFormat>().Select(f => new CountView(SubscriptionInstruments.FormatLabel(f), formats[(int)f]))],
            [.. Enum.GetValues<TransportProtocol>().Select(t => new CountView(SubscriptionInstruments.TransportLabel(t), transports[(int)t]))],
            byContact, changes, reload.Current);
    }
}

/// <param name="Name">What is counted (a format, a transport), as metrics label it.</param>
/// <param name="Count">How many.</param>
internal sealed record CountView(string Name, int Count);

/// <param name="Contact">The contact's key: a service's first alias, a gateway contact's alias.</param>
/// <param name="Name">The name watchers see.</param>
/// <param name="Kind">Vmr, Auditorium or Gateway.</param>
/// <param name="Watchers">Subscriptions watching it.</param>
internal sealed record WatchedContactView(string Contact, string Name, string Kind, int Watchers);

/// <param name="Time">When.</param>
/// <param name="Contact">The contact's key.</param>
/// <param name="Name">The name watchers see.</param>
/// <param name="From">The state id before.</param>
/// <param name="To">The state id after.</param>
/// <param name="Source">What decided the new state.</param>
/// <param name="Reason">Why it changed.</param>
internal sealed record ChangeView(DateTimeOffset Time, string Contact, string Name, string From, string To, string Source, string Reason);

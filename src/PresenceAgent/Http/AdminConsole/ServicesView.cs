using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Subscriptions;
using PresenceAgent.Themes;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// <c>GET /admin/api/services</c>: every configured service with what it shows and why, its override, its watchers and
/// the theme whose picture it shows; and every status an override may name, for the console's form. The override
/// itself goes through <c>PUT|DELETE /api/services/{alias}/presence</c>, so the console and scripts change presence
/// by the one set of checks.
/// </summary>
/// <param name="Statuses">What an override may name, by base status then id, Invisible last.</param>
/// <param name="Services">The services in configuration order.</param>
internal sealed record ServicesView(StatusOptionView[] Statuses, ServiceView[] Services)
{
    public static ServicesView Of(ContactDirectory contacts, LivePresence live, SubscriptionTable table, StateCatalogue states, ThemeStore themes)
    {
        var language = states.Languages.First;
        StatusOptionView[] statuses =
        [
            .. states.States.OrderBy(s => s.Base).ThenBy(s => s.Id, StringComparer.OrdinalIgnoreCase)
                .Select(s => new StatusOptionView(s.Id, s.Base.ToString(), new ManualOverride(s, null, null, Invisible: false).Sticky, s.TextFor(language)?.Text)),
            new StatusOptionView(ManualOverride.InvisibleId, nameof(BaseStatus.Offline), Sticky: true, "Watchers see Offline; the room keeps working"),
        ];
        var snapshot = themes.Current;
        var services = contacts.Services.Select(contact =>
        {
            var presence = PresenceView.Of(contact, live.Describe(contact));
            return new ServiceView(contact.Key, contact.DisplayName, contact.Kind.ToString(), contact.Description, contact.Theme,
                snapshot.GetAvatar(contact.Theme).Theme, presence.State, presence.Source, presence.Since, presence.Override,
                table.WatcherCount(contact.Key));
        });
        return new ServicesView(statuses, [.. services]);
    }
}

/// <param name="Id">What the override's <c>status</c> names.</param>
/// <param name="Base">The base status it counts as.</param>
/// <param name="Sticky">True: an override to it stays until cleared or its end; false: the next automatic change ends it.</param>
/// <param name="Text">Its text in the first configured language, or null.</param>
internal sealed record StatusOptionView(string Id, string Base, bool Sticky, string? Text);

/// <param name="Contact">The service's key (its first alias): the alias the presence API takes.</param>
/// <param name="Name">The name watchers see.</param>
/// <param name="Kind">Vmr or Auditorium.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Theme">The theme its configuration names, or null for the default.</param>
/// <param name="AvatarTheme">The theme whose picture it shows: its own, or the default's when it has none usable.</param>
/// <param name="State">The state shown.</param>
/// <param name="Source">What decided it: Default, Occupancy, Publication, Manual or Grace.</param>
/// <param name="Since">When it began to show.</param>
/// <param name="Override">The admin's override, or null.</param>
/// <param name="Watchers">Subscriptions watching it, lists included.</param>
internal sealed record ServiceView(string Contact, string Name, string Kind, string? Description, string? Theme, string AvatarTheme,
    ShownStateView State, string Source, DateTimeOffset Since, OverrideView? Override, int Watchers);

using PresenceAgent.Presence;

namespace PresenceAgent.Access;

/// <summary>A contact card as a watcher with a given view sees it: each attribute the view lacks is left out.</summary>
internal static class CardView
{
    public static ContactCard Filter(ContactCard card, CardAttributes view)
    {
        if ((view & AttributeLevels.All) == AttributeLevels.All || ReferenceEquals(card, ContactCard.Empty))
        {
            return card;
        }

        var seen = card with
        {
            Email = Shown(view, CardAttributes.Email, card.Email),
            Title = Shown(view, CardAttributes.Title, card.Title),
            Company = Shown(view, CardAttributes.Company, card.Company),
            Office = Shown(view, CardAttributes.Office, card.Office),
            WorkAddress = Shown(view, CardAttributes.WorkAddress, card.WorkAddress),
            WebSite = Shown(view, CardAttributes.WebSite, card.WebSite),
            Note = Shown(view, CardAttributes.Notes, card.Note),
            OutOfOfficeNote = Shown(view, CardAttributes.Notes, card.OutOfOfficeNote),
            Phones = [.. card.Phones.Where(p => view.HasFlag(p.Type == CardPhone.WorkType ? CardAttributes.WorkPhone : CardAttributes.OtherPhones))],
        };
        return seen.Equals(ContactCard.Empty) ? ContactCard.Empty : seen;
    }

    /// <summary>
    /// The attributes a contact has a value for (name, availability and picture always): two views that differ only in
    /// others show it the same, so they share its document and a level change between them owes no NOTIFY.
    /// </summary>
    public static CardAttributes Present(ContactCard card, bool description, bool homepage)
    {
        var present = CardAttributes.DisplayName | CardAttributes.Availability | CardAttributes.Photo;
        foreach (var (attribute, has) in new[]
        {
            (CardAttributes.Description, description),
            (CardAttributes.Homepage, homepage),
            (CardAttributes.Email, card.Email is not null),
            (CardAttributes.Title, card.Title is not null),
            (CardAttributes.Company, card.Company is not null),
            (CardAttributes.WorkPhone, card.Phones.Any(p => p.Type == CardPhone.WorkType)),
            (CardAttributes.OtherPhones, card.Phones.Any(p => p.Type != CardPhone.WorkType)),
            (CardAttributes.Office, card.Office is not null),
            (CardAttributes.WorkAddress, card.WorkAddress is not null),
            (CardAttributes.WebSite, card.WebSite is not null),
            (CardAttributes.Notes, card.Note is not null || card.OutOfOfficeNote is not null),
        })
        {
            if (has)
            {
                present |= attribute;
            }
        }

        return present;
    }

    private static T? Shown<T>(CardAttributes view, CardAttributes attribute, T? value)
        where T : class =>
        view.HasFlag(attribute) ? value : null;
}

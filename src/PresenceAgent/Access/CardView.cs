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

    private static T? Shown<T>(CardAttributes view, CardAttributes attribute, T? value)
        where T : class =>
        view.HasFlag(attribute) ? value : null;
}

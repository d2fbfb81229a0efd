using PresenceAgent.Presence;

namespace PresenceAgent.Access;

/// <summary>A contact card as a watcher with a given view sees it: each attribute the view lacks is left out.</summary>
internal static class CardView
{
    // Delegates made once: a method group passed from inside the lambdas below was a new delegate per call,
    // one per NOTIFY body a view filters.
    private static readonly Func<CardPhone, bool> s_isWork = p => p.Type == CardPhone.WorkType;
    private static readonly Func<CardPhone, bool> s_isOther = p => p.Type != CardPhone.WorkType;

    /// <summary>Each card attribute: whether a card has it, and the card without it. A new card attribute is one line here.</summary>
    private static readonly (CardAttributes Attribute, Func<ContactCard, bool> Has, Func<ContactCard, ContactCard> Without)[] s_card =
    [
        (CardAttributes.Email, c => c.Email is not null, c => c with { Email = null }),
        (CardAttributes.Title, c => c.Title is not null, c => c with { Title = null }),
        (CardAttributes.Company, c => c.Company is not null, c => c with { Company = null }),
        (CardAttributes.WorkPhone, c => c.Phones.Any(s_isWork), c => c with { Phones = [.. c.Phones.Where(s_isOther)] }),
        (CardAttributes.OtherPhones, c => c.Phones.Any(s_isOther), c => c with { Phones = [.. c.Phones.Where(s_isWork)] }),
        (CardAttributes.Office, c => c.Office is not null, c => c with { Office = null }),
        (CardAttributes.WorkAddress, c => c.WorkAddress is not null, c => c with { WorkAddress = null }),
        (CardAttributes.WebSite, c => c.WebSite is not null, c => c with { WebSite = null }),
        (CardAttributes.Notes, c => c.Note is not null || c.OutOfOfficeNote is not null, c => c with { Note = null, OutOfOfficeNote = null }),
        (CardAttributes.Meeting, c => c.Meeting is not null, c => c with { Meeting = null }),
    ];

    public static ContactCard Filter(ContactCard card, CardAttributes view)
    {
        var seen = card;
        foreach (var (attribute, has, without) in s_card)
        {
            if (!view.HasFlag(attribute) && has(seen))
            {
                seen = without(seen);
            }
        }

        return seen.Equals(ContactCard.Empty) ? ContactCard.Empty : seen;
    }

    /// <summary>
    /// The attributes a contact has a value for (name, availability and picture always, and the meeting, which comes
    /// and goes with the room's conference, so a level change across it owes a NOTIFY): two views that differ only in
    /// others show it the same, so they share its document and a level change between them owes no NOTIFY.
    /// </summary>
    public static CardAttributes Present(ContactCard card, bool description, bool homepage)
    {
        var present = CardAttributes.DisplayName | CardAttributes.Availability | CardAttributes.Photo | CardAttributes.Meeting |
            (description ? CardAttributes.Description : CardAttributes.None) | (homepage ? CardAttributes.Homepage : CardAttributes.None);
        foreach (var (attribute, has, _) in s_card)
        {
            if (has(card))
            {
                present |= attribute;
            }
        }

        return present;
    }
}

using PresenceAgent.Access;
using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Access;

/// <summary>Every attribute a level can grant is one a full card can show and a view can take away.</summary>
public sealed class CardViewTests
{
    private static readonly ContactCard Full = new()
    {
        Email = "board.room@example.com",
        Title = "Virtual meeting room",
        Phones = [new("work", "+4930901820"), new("home", "+4930901821")],
        Company = "Example GmbH",
        Office = "Berlin 4.12",
        WorkAddress = "Example Street 1",
        WebSite = new Uri("https://intranet.example.com/board"),
        Note = "PIN 1234#",
        OutOfOfficeNote = "Closed on Friday",
    };

    [Fact]
    public void A_full_card_has_every_attribute_and_an_empty_view_leaves_nothing_of_it()
    {
        Assert.Equal(AttributeLevels.All, CardView.Present(Full, description: true, homepage: true));
        Assert.Same(ContactCard.Empty, CardView.Filter(Full, CardAttributes.None));
        Assert.Equal(Full, CardView.Filter(Full, AttributeLevels.All));
    }

    [Fact]
    public void Work_and_other_phones_are_granted_apart()
    {
        Assert.Equal([new CardPhone("work", "+4930901820")], CardView.Filter(Full, CardAttributes.WorkPhone).Phones.ToArray());
        Assert.Equal([new CardPhone("home", "+4930901821")], CardView.Filter(Full, CardAttributes.OtherPhones).Phones.ToArray());
    }
}

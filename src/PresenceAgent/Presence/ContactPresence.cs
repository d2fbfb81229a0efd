namespace PresenceAgent.Presence;

/// <summary>
/// What one presence document says about one contact (a meeting room or gateway target).
/// Immutable; every property is checked when set so a writer never has to second-guess it.
/// Free text (<see cref="DisplayName"/>, <see cref="Description"/>) is not checked: it comes from
/// configuration and is made XML-safe by the writer.
/// </summary>
internal sealed record ContactPresence
{
    /// <summary>The presentity as a bare URI (<c>sip:room@example.com</c>), never a name-addr.</summary>
    public required string Entity
    {
        get;
        init => field = PresenceText.RequireBareUri(value, nameof(Entity), PresenceText.EntitySchemes);
    }

    public required string DisplayName
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(DisplayName));
    }

    public string? Description { get; init; }

    /// <summary>The language of <see cref="Description"/>, written as <c>xml:lang</c>.</summary>
    public string DescriptionLanguage
    {
        get;
        init => field = PresenceText.RequireLanguageTag(value, nameof(DescriptionLanguage));
    } = "en";

    /// <summary>Absolute http(s) URL of the avatar (CIPID icon).</summary>
    public Uri? IconUrl
    {
        get;
        init => field = PresenceText.RequireWebUrlOrNull(value, nameof(IconUrl));
    }

    /// <summary>
    /// Hex digest of the icon's bytes: the photo hash of a Lync contact card, which watchers compare to decide whether
    /// to fetch the picture again. Required with an icon in the categories document, unused by PIDF.
    /// </summary>
    public string? IconHash { get; init; }

    public Uri? HomepageUrl
    {
        get;
        init => field = PresenceText.RequireWebUrlOrNull(value, nameof(HomepageUrl));
    }

    /// <summary>The contact's card attributes and notes, shared with its <c>Contact</c>.</summary>
    public ContactCard Card
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Card));
    } = ContactCard.Empty;

    /// <summary>The state the contact is in: its status, number and texts, and how each format says it.</summary>
    public required PresenceState State
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(State));
    }

    /// <summary>The watcher's language: PIDF's note is the state's text in it (msrtc documents carry every language).</summary>
    public required PresenceLanguage Language
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Language));
    }

    /// <summary>The URI watchers use to reach the contact (PIDF tuple contact); left out when null.</summary>
    public string? ContactUri
    {
        get;
        init => field = value is null ? null : PresenceText.RequireBareUri(value, nameof(ContactUri), schemes: null);
    }

    public required DateTimeOffset Timestamp { get; init; }
}

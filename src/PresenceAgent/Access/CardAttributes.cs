namespace PresenceAgent.Access;

/// <summary>
/// What a presence document can show of a contact, one flag per attribute a level can grant: a set of them is what a
/// watcher sees (its view). Without <see cref="Availability"/> the contact shows Offline, as to a blocked watcher.
/// </summary>
[Flags]
internal enum CardAttributes : ushort
{
    None = 0,
    DisplayName = 1 << 0,
    Availability = 1 << 1,
    Email = 1 << 2,
    Title = 1 << 3,
    Company = 1 << 4,

    /// <summary>The service's description (PIDF note and msrtc card description, or the personal note when none is set).</summary>
    Description = 1 << 5,

    /// <summary>The theme's avatar (CIPID icon, msrtc photo).</summary>
    Photo = 1 << 6,

    /// <summary>The service's Homepage (its join link), CIPID homepage.</summary>
    Homepage = 1 << 7,
    WorkPhone = 1 << 8,

    /// <summary>Mobile, home and other phones, which Lync shows only to Team and Personal by default.</summary>
    OtherPhones = 1 << 9,
    Office = 1 << 10,
    WorkAddress = 1 << 11,
    WebSite = 1 << 12,

    /// <summary>The personal and out-of-office notes.</summary>
    Notes = 1 << 13,

    /// <summary>The meeting under way (subject and location), from the occupancy source.</summary>
    Meeting = 1 << 14,
}

/// <summary>The lowest level that sees each attribute; the defaults are the seed's.</summary>
internal static class AttributeLevels
{
    /// <summary>
    /// Public sees the name, availability, e-mail, title and company (and what identifies a room to anyone: its
    /// description, picture and join link); Company adds phones, office, work address, web site, notes and the meeting; Team and
    /// Personal see everything. An attribute is one line here.
    /// </summary>
    public static readonly IReadOnlyDictionary<CardAttributes, AccessLevel> Defaults = new Dictionary<CardAttributes, AccessLevel>
    {
        [CardAttributes.DisplayName] = AccessLevel.Public,
        [CardAttributes.Availability] = AccessLevel.Public,
        [CardAttributes.Email] = AccessLevel.Public,
        [CardAttributes.Title] = AccessLevel.Public,
        [CardAttributes.Company] = AccessLevel.Public,
        [CardAttributes.Description] = AccessLevel.Public,
        [CardAttributes.Photo] = AccessLevel.Public,
        [CardAttributes.Homepage] = AccessLevel.Public,
        [CardAttributes.WorkPhone] = AccessLevel.Company,
        [CardAttributes.OtherPhones] = AccessLevel.Company,
        [CardAttributes.Office] = AccessLevel.Company,
        [CardAttributes.WorkAddress] = AccessLevel.Company,
        [CardAttributes.WebSite] = AccessLevel.Company,
        [CardAttributes.Notes] = AccessLevel.Company,
        [CardAttributes.Meeting] = AccessLevel.Company,
    };

    /// <summary>Every attribute.</summary>
    public static CardAttributes All { get; } = Defaults.Keys.Aggregate(CardAttributes.None, (all, a) => all | a);

    /// <summary>
    /// What each level sees (indexed by level) when <paramref name="minimums"/> override some defaults. Blocked sees
    /// nothing whatever the minimums say: polite blocking shows Offline and no attribute.
    /// </summary>
    public static CardAttributes[] Views(IReadOnlyDictionary<CardAttributes, AccessLevel> minimums)
    {
        var views = new CardAttributes[(int)AccessLevel.Personal + 1];
        foreach (var (attribute, fallback) in Defaults)
        {
            var minimum = minimums.GetValueOrDefault(attribute, fallback);
            for (var level = Math.Max((int)minimum, (int)AccessLevel.Public); level < views.Length; level++)
            {
                views[level] |= attribute;
            }
        }

        return views;
    }

    /// <summary>One attribute by name (not None, not a number, not a list).</summary>
    public static bool TryParse(string? text, out CardAttributes attribute)
    {
        attribute = default;
        var name = text?.Trim();
        return !string.IsNullOrEmpty(name) && name.All(char.IsAsciiLetter) && Enum.TryParse(name, ignoreCase: true, out attribute) &&
            Defaults.ContainsKey(attribute);
    }
}

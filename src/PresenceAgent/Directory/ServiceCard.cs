using System.Collections.Immutable;
using System.Globalization;
using PresenceAgent.Presence;

namespace PresenceAgent.Directory;

/// <summary>Builds a service's <see cref="ContactCard"/> from its options, and the checks start applies to them.</summary>
internal static class ServiceCard
{
    /// <summary>E.164 caps a number at 15 digits; the leading + marks it global (RFC 3966).</summary>
    public const int MaxE164Digits = 15;

    /// <summary>
    /// The card of <paramref name="s"/>; blank text counts as unset. Tolerant like the rest of the directory: values
    /// start refuses (a bad URL) are left out, so the validator can build a directory before they are fixed.
    /// </summary>
    public static ContactCard From(ServiceOptions s)
    {
        var phones = s.Phones.Where(p => IsE164(p.Number)).Select(p => new CardPhone(TypeToken(p.Type), p.Number.Trim())).ToImmutableArray();
        var card = new ContactCard
        {
            Email = Text(s.Email),
            Title = Text(s.Title),
            Phones = phones,
            Company = Text(s.Company),
            Office = Text(s.Office),
            WorkAddress = Text(s.WorkAddress),
            WebSite = IsWebUrl(s.WebSite, out var site) ? site : null,
            Note = Text(s.Note),
            OutOfOfficeNote = Text(s.OutOfOfficeNote),
            OutOfOfficeStart = TryInstant(s.OutOfOfficeStart, out var start) ? start : null,
            OutOfOfficeEnd = TryInstant(s.OutOfOfficeEnd, out var end) ? end : null,
        };
        return card.Equals(ContactCard.Empty) ? ContactCard.Empty : card;
    }

    public static bool IsE164(string? number)
    {
        var n = number?.Trim();
        return n is { Length: >= 2 and <= MaxE164Digits + 1 } && n[0] == '+' && n.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    public static bool IsWebUrl(string? text, out Uri? url)
    {
        url = Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : null;
        return url is not null;
    }

    /// <summary>A plain mailbox: one @, something on each side, no white space or angle brackets (no display name).</summary>
    public static bool IsEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 &&
            text.AsSpan().IndexOfAny(" \t\r\n<>\",;") < 0;
    }

    /// <summary>
    /// An instant in ISO 8601 with its offset (Z or ±hh:mm), to the minute or finer: a date alone or a local time would
    /// depend on the server's time zone.
    /// </summary>
    public static bool TryInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return !string.IsNullOrWhiteSpace(text) &&
            DateTimeOffset.TryParseExact(text.Trim(), s_instantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    private static readonly string[] s_instantFormats =
        ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <summary>The lower-case token Lync writes in a card phone's type attribute.</summary>
    private static string TypeToken(PhoneType type) => type switch
    {
        PhoneType.Mobile => "mobile",
        PhoneType.Home => "home",
        PhoneType.Other => "other",
        _ => CardPhone.WorkType,
    };

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

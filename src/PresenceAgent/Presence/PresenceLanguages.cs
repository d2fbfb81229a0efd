namespace PresenceAgent.Presence;

/// <summary>
/// The languages presence text is offered in (<c>Presence:Languages</c>), in the admin's order: msrtc documents carry
/// each, a PIDF watcher gets the one its Accept-Language prefers, and the first is the default.
/// </summary>
internal sealed class PresenceLanguages
{
    /// <summary>The languages of the built-in texts, as the shipped appsettings.json configures them.</summary>
    public static PresenceLanguages Default { get; } = new([Get("en-US"), Get("de-DE"), Get("fr-FR"), Get("es-ES")]);

    public PresenceLanguages(IReadOnlyList<PresenceLanguage> languages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(languages.Count);
        if (languages.Distinct().Count() != languages.Count)
        {
            throw new ArgumentException("A language is listed twice.", nameof(languages));
        }

        All = languages;
    }

    public IReadOnlyList<PresenceLanguage> All { get; }

    /// <summary>The default: what a watcher gets whose Accept-Language names none of ours, or that sent none.</summary>
    public PresenceLanguage First => All[0];

    /// <summary>The language for a watcher whose Accept-Language header has <paramref name="acceptLanguage"/> (null: none).</summary>
    public PresenceLanguage Negotiate(IEnumerable<string>? acceptLanguage) => AcceptLanguage.Choose(All, acceptLanguage);

    private static PresenceLanguage Get(string tag) =>
        Lcids.TryGetByTag(tag, out var language) ? language : throw new InvalidOperationException($"{tag} is missing from the LCID table");
}

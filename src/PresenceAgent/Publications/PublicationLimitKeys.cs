namespace PresenceAgent.Publications;

internal static class PublicationLimitKeys
{
    /// <summary>The configuration key, e.g. <c>Publications:MaxPerAlias</c>.</summary>
    public static string Key(this PublicationLimit limit) => $"{PublicationOptions.SectionName}:{limit}";

    /// <summary>The configured value of <paramref name="limit"/>.</summary>
    public static int ValueIn(this PublicationLimit limit, PublicationOptions options) => limit switch
    {
        PublicationLimit.MaxPublications => options.MaxPublications,
        PublicationLimit.MaxPerAlias => options.MaxPerAlias,
        PublicationLimit.MaxPerSource => options.MaxPerSource,
        PublicationLimit.MaxBodyBytes => options.MaxBodyBytes,
        _ => 0,
    };
}

namespace PresenceAgent.RoutingRules;

/// <summary>One piece of a parsed <see cref="RoutingRule.Replace"/>: literal text, or a group number when <see cref="Literal"/> is null.</summary>
internal readonly record struct ReplacementSegment(string? Literal, int Group)
{
    public static ReplacementSegment Text(string literal) => new(literal, -1);

    public static ReplacementSegment GroupReference(int group) => new(null, group);
}

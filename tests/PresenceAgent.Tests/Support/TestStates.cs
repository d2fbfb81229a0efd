using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Support;

/// <summary>States and languages of the built-in catalogue, by name.</summary>
internal static class TestStates
{
    public static PresenceLanguage English => Language("en-US");

    public static PresenceState Of(BaseStatus status) => Resolve(status.ToString());

    public static PresenceState Resolve(string id) =>
        StateCatalogue.BuiltIn.TryResolve(id, out var state) ? state : throw new ArgumentException($"no built-in state '{id}'", nameof(id));

    public static PresenceLanguage Language(string tag) =>
        Lcids.TryGetByTag(tag, out var language) ? language : throw new ArgumentException($"no language '{tag}'", nameof(tag));

    /// <summary><paramref name="status"/> with one text, in English.</summary>
    public static PresenceState WithText(BaseStatus status, string text) => Of(status) with { Texts = [new(English, text)] };
}

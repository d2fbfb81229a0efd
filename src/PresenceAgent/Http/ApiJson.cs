using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace PresenceAgent.Http;

/// <summary>
/// The JSON of the <c>/api</c> endpoints, both ways: camelCase names, read strictly. A property the type does not have
/// is refused (a typo such as <c>untill</c> would otherwise set an override that never ends), and so is a property
/// given twice, a null where the type has none, a missing <c>required</c> one, and a number written as a string. A type
/// that must take what a platform adds over its versions opts out with
/// <c>[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]</c>. The host's JSON options get the same settings,
/// so the API document describes what is read.
/// </summary>
internal static class ApiJson
{
    /// <summary>What a body may nest: our documents are flat, so deeper is a mistake or an attack on the parser.</summary>
    public const int MaxDepth = 16;

    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the API's settings to <paramref name="options"/> (made with <see cref="JsonSerializerDefaults.Web"/>).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = MaxDepth;
        // Names and notes in any script stay readable in curl's output; HTML-sensitive characters are still escaped.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

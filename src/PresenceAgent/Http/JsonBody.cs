using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http;

/// <summary>
/// Reads an <c>/api</c> request body as <see cref="ApiJson"/> says, answering every fault with a problem that names
/// the field: 415 for a body that is not JSON, 413 past Http:ApiMaxBodyBytes (Kestrel enforces the limit the API group
/// sets), 400 for a syntax error (<c>$</c>, with line and byte), and for each property that is unknown, given twice,
/// null, missing or of the wrong type, all at once. Endpoints read their bodies here rather than bind them, because
/// binding answers a bad body with an empty 400.
/// </summary>
internal static class JsonBody
{
    public const string NotJson = "Send the body as JSON, with Content-Type: application/json.";

    private static readonly JsonDocumentOptions s_document = new() { MaxDepth = ApiJson.MaxDepth };

    /// <returns>The value, or the problem to answer with.</returns>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, NotJson));
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return (null, ApiProblems.Status(StatusCodes.Status413PayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {limit} bytes the API reads (Http:ApiMaxBodyBytes).")));
        }

        if (buffer.Length == 0)
        {
            return (null, ApiProblems.Invalid(ApiProblems.Body, "empty; send a JSON object."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), s_document);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Invalid(ApiProblems.Body, string.Create(CultureInfo.InvariantCulture,
                $"not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}.")));
        }

        using (document)
        {
            return Bind<T>(document.RootElement);
        }
    }

    /// <summary>The object <paramref name="root"/> as <typeparamref name="T"/>, or a problem naming every field at fault.</summary>
    public static (T? Value, ProblemHttpResult? Problem) Bind<T>(JsonElement root)
        where T : class
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiProblems.Invalid(ApiProblems.Body, "must be a JSON object."));
        }

        var type = (JsonTypeInfo<T>)ApiJson.Options.GetTypeInfo(typeof(T));
        var byName = type.Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var strict = (type.UnmappedMemberHandling ?? ApiJson.Options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!byName.TryGetValue(property.Name, out var info))
            {
                if (strict)
                {
                    errors[SipFailure.Sanitize(property.Name)] = [$"no such property; the properties are {string.Join(", ", byName.Values.Select(p => p.Name))}."];
                }
            }
            else if (!seen.Add(info.Name))
            {
                errors[info.Name] = ["given more than once."];
            }
            else if (property.Value.ValueKind == JsonValueKind.Null)
            {
                if (!info.IsSetNullable)
                {
                    errors[info.Name] = ["may not be null."];
                }
            }
            else if (!Converts(property.Value, info.PropertyType))
            {
                errors[info.Name] = [$"must be {Expected(info.PropertyType)}."];
            }
        }

        foreach (var info in type.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)))
        {
            errors[info.Name] = ["required."];
        }

        return errors.Count > 0 ? (null, ApiProblems.Invalid(errors)) : (root.Deserialize(type), null);
    }

    private static bool Converts(JsonElement value, Type type)
    {
        try
        {
            value.Deserialize(type, ApiJson.Options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(DateTimeOffset) => "a date and time in ISO 8601 with its offset, such as 2025-06-01T17:00:00Z",
        _ => "a value of the type the API document gives",
    };
}

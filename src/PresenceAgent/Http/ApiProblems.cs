using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace PresenceAgent.Http;

/// <summary>
/// Every error of the <c>/api</c> endpoints as an RFC 9457 problem document (<c>application/problem+json</c>): type,
/// title and status from the status code, a detail saying what to do, and for bad input <c>errors</c> naming each field
/// at fault with its messages, as ASP.NET Core's validation problems do: <c>{"errors": {"status": ["…"]}}</c>. The
/// whole body is named <c>$</c> (JSONPath's root), the alias of the route <c>alias</c>.
/// </summary>
internal static class ApiProblems
{
    /// <summary>The name of the body as a whole in <c>errors</c>.</summary>
    public const string Body = "$";

    /// <summary>400 naming one field.</summary>
    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>400 naming every field at fault.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
        });

    /// <summary>Any other error: the status's own type and title, and <paramref name="detail"/>.</summary>
    public static ProblemHttpResult Status(int status, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Detail = detail });

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);
}

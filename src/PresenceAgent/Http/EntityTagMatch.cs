using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace PresenceAgent.Http;

/// <summary>Conditional-request checks for a resource with a known entity tag and date.</summary>
internal static class EntityTagMatch
{
    /// <summary>
    /// RFC 9110 §13.1.2: If-None-Match is false (so: not modified) when it is "*" or lists a tag
    /// that matches ours by weak comparison, i.e. equal opaque tags whatever their W/ prefixes.
    /// A header that does not parse counts as no match: the client simply gets the full response.
    /// </summary>
    public static bool IfNoneMatchHits(StringValues ifNoneMatch, string eTag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch)
            || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out IList<EntityTagHeaderValue>? tags))
        {
            return false;
        }

        var ours = new EntityTagHeaderValue(eTag);
        foreach (EntityTagHeaderValue tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(ours, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// RFC 9110 §13.1.3 If-Modified-Since, only consulted when there is no If-None-Match
    /// (§13.2.2 precedence): not modified when the resource is no newer than the given date.
    /// </summary>
    public static bool NotModifiedSince(StringValues ifModifiedSince, DateTimeOffset lastModified) =>
        ifModifiedSince.Count == 1
        && HeaderUtilities.TryParseDate(ifModifiedSince.ToString(), out DateTimeOffset since)
        && lastModified <= since;
}

using System.Text;
using System.Text.RegularExpressions;

namespace PresenceAgent.RoutingRules;

/// <summary>
/// A parsed Pexip-style <see cref="RoutingRule.Replace"/>: <c>\0</c>–<c>\9</c> insert groups, <c>\\</c> inserts
/// one backslash, anything else is literal.
/// </summary>
/// <remarks>
/// Pexip's syntax rather than .NET's <c>$1</c>: admins move rules between the platform and this agent, and
/// in .NET's syntax a <c>$</c> in a destination would need escaping. Only one digit follows a backslash, as
/// in Pexip, so <c>\10</c> is group 1 then a literal 0. A backslash before any other character is kept as
/// written, so a typo degrades to literal text instead of an error.
/// </remarks>
internal sealed class ReplacementTemplate
{
    private readonly ReplacementSegment[] _segments;


    private ReplacementTemplate(ReplacementSegment[] segments)
    {
        _segments = segments;
        ReferencedGroups = [.. segments.Where(s => s.Literal is null).Select(s => s.Group).Distinct().Order()];
        if (ReferencedGroups.Count == 0)
        {
            Constant = string.Concat(segments.Select(s => s.Literal));
        }
    }

    /// <summary>The distinct group numbers the template uses, ascending.</summary>
    public IReadOnlyList<int> ReferencedGroups { get; }

    /// <summary>The whole destination when the template uses no groups, so a match needs no captures.</summary>
    public string? Constant { get; }

    public static ReplacementTemplate Parse(string text)
    {
        var segments = new List<ReplacementSegment>();
        var literal = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '\\' && char.IsAsciiDigit(next))
            {
                FlushLiteral();
                segments.Add(ReplacementSegment.GroupReference(next - '0'));
                i++;
            }
            else if (c == '\\' && next == '\\')
            {
                literal.Append('\\');
                i++;
            }
            else
            {
                literal.Append(c);
            }
        }

        FlushLiteral();
        return new ReplacementTemplate([.. segments]);

        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                segments.Add(ReplacementSegment.Text(literal.ToString()));
                literal.Clear();
            }
        }
    }

    /// <summary>Builds the destination; a group that took no part in the match contributes nothing.</summary>
    public string Apply(Match match)
    {
        if (Constant is not null)
        {
            return Constant;
        }

        int length = 0;
        foreach (ReplacementSegment segment in _segments)
        {
            length += segment.Literal?.Length ?? match.Groups[segment.Group].Length;
        }

        return string.Create(length, (_segments, match), static (span, state) =>
        {
            foreach (ReplacementSegment segment in state._segments)
            {
                ReadOnlySpan<char> piece = segment.Literal is null
                    ? state.match.Groups[segment.Group].ValueSpan
                    : segment.Literal.AsSpan();
                piece.CopyTo(span);
                span = span[piece.Length..];
            }
        });
    }
}

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Properties;

/// <summary>
/// Accept negotiation, the other reader of peer text in the agent: any Accept values get a format or none, never an
/// exception, and well-formed ones get the format a plain model of RFC 9110 §12.5.1 picks.
/// </summary>
public sealed class AcceptNegotiationProperties
{
    private static readonly string[] s_types = [DocumentFormats.CategoriesType, DocumentFormats.PidfType, DocumentFormats.XpidfType, "*/*", "application/*", "text/plain"];

    private static readonly Gen<(int Type, int? Q)> Range =
        from type in Gen.Choose(0, s_types.Length - 1)
        from q in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 1000).Select(q => (int?)q))
        select (type, q);

    private static readonly Gen<string> Junk = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Elements(";", "q=", ";q=", ";q=2", ";q=-1", ";q=0.", ";q=1e3", ";q=,", "*/*;q=0.5;q=", "\0", "  ", "application/pidf+xml;q=79228162514264337593543950335"));

    [Property(MaxTest = 1000)]
    public Property Any_accept_values_get_an_answer() =>
        Prop.ForAll(Gen.ListOf(Junk).ToArbitrary(), values => _ = DocumentFormats.Negotiate(values));

    [Property(MaxTest = 1000)]
    public Property Well_formed_accept_values_get_the_best_format() =>
        Prop.ForAll(Gen.ListOf(Range).ToArbitrary(), ranges =>
        {
            var values = ranges.Select(r => s_types[r.Type] + (r.Q is { } q ? string.Create(CultureInfo.InvariantCulture, $";q={q / 1000m:0.###}") : "")).ToList();
            Assert.Equal(Model(ranges), DocumentFormats.Negotiate(values));
        });

    /// <summary>Per format, the q of the first range naming it, else (PIDF only) of the first wildcard; best q, a named type over a wildcard, then our order.</summary>
    private static DocumentFormat? Model(IReadOnlyList<(int Type, int? Q)> ranges)
    {
        DocumentFormat? best = null;
        var bestScore = 0;
        foreach (var (format, index) in new[] { (DocumentFormat.MsrtcCategories, 0), (DocumentFormat.Pidf, 1), (DocumentFormat.Xpidf, 2) })
        {
            var named = ranges.Where(r => r.Type == index).Select(r => (int?)(r.Q ?? 1000)).FirstOrDefault();
            var wildcard = format == DocumentFormat.Pidf ? ranges.Where(r => r.Type is 3 or 4).Select(r => (int?)(r.Q ?? 1000)).FirstOrDefault() : null;
            var score = named is { } q ? (q * 2) + 1 : wildcard is { } w ? w * 2 : 0;
            if (score > bestScore && (named ?? wildcard) > 0)
            {
                best = format;
                bestScore = score;
            }
        }

        return best;
    }
}

using System.Security;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PresenceAgent.Documents.Msrtc;

namespace PresenceAgent.Tests.Properties;

/// <summary>
/// The batchSub reader (issue #9 §7): any bytes, and valid bodies after edits aimed at XML (markup characters, DTDs and
/// entities, encodings, truncation), get true with a result or false with an error, never an exception; generated
/// bodies read as the resources and categories they hold, however they spell namespaces and whitespace.
/// </summary>
public sealed class BatchSubscriptionProperties
{
    private static readonly (string Name, CategorySet Flag)[] s_categories =
        [("state", CategorySet.State), ("contactCard", CategorySet.ContactCard), ("note", CategorySet.Note),
         ("services", CategorySet.Services), ("STATE", CategorySet.State), ("calendarData", CategorySet.None)];

    private static readonly Gen<string> Resource =
        from user in Gen.Elements("bob", "carol", "a&b", "<x>", "\"q\"", "é中")
        from n in Gen.Choose(0, 99)
        select $"sip:{user}{n}@example.com";

    private static readonly Gen<GeneratedAction> ActionGen =
        from name in Gen.Elements("subscribe", "Subscribe", "SUBSCRIBE", "unsubscribe", "refresh")
        from count in Gen.Choose(0, 4)
        from resources in Gen.ArrayOf(Resource, count)
        from wrapped in Gen.Elements(true, false)
        from categories in Gen.OneOf(Gen.Constant<int[]?>(null), Gen.ArrayOf(Gen.Choose(0, s_categories.Length - 1)).Select(c => (int[]?)c))
        from prefix in Gen.Elements("", "c:")
        select new GeneratedAction(name, resources, wrapped, categories, prefix);

    private static readonly Gen<GeneratedBatch> Batch =
        from count in Gen.Choose(0, 3)
        from actions in Gen.ArrayOf(ActionGen, count)
        from declaration in Gen.Elements("", "<?xml version=\"1.0\" encoding=\"utf-8\"?>", "\uFEFF<?xml version=\"1.0\"?>\n")
        from prefix in Gen.Elements("", "b:")
        from noise in Gen.Elements("", "\n  ", "<!-- note -->", "<?pi data?>")
        select new GeneratedBatch(declaration, prefix, noise, actions);

    private static readonly byte[] s_markup = "<>&;\"'=/![]-?#x:\0\u00ff \n"u8.ToArray();

    private static readonly string[] s_snippets =
    [
        "<!DOCTYPE batchSub [<!ENTITY e \"xxxxxxxx\"><!ENTITY f \"&e;&e;&e;&e;\">]>", "&f;", "&#0;", "&#x110000;", "&unknown;",
        "<![CDATA[", "]]>", "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<?xml version=\"1.0\" encoding=\"x-unknown\"?>",
        "<?xml version=\"1.0\" encoding=\"utf-32\"?>", "xmlns=\"\"", "xmlns:b=\"urn:x\"", "<resource/>", "<action>",
        string.Concat(Enumerable.Repeat("<a>", 5000)), "<!ENTITY x SYSTEM \"file:///etc/passwd\">",
    ];

    /// <summary>A valid body after a few edits: markup bytes set or inserted, snippets inserted, truncation.</summary>
    private static readonly Gen<byte[]> Mutated =
        from batch in Batch
        from count in Gen.Choose(1, 3)
        from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, int.MaxValue)), count)
        select edits.Aggregate(Encoding.UTF8.GetBytes(batch.Xml), (bytes, edit) =>
        {
            var at = edit.Item2 % (bytes.Length + 1);
            return edit.Item1 switch
            {
                0 when at < bytes.Length => [.. bytes[..at], s_markup[edit.Item2 % s_markup.Length], .. bytes[(at + 1)..]],
                1 => [.. bytes[..at], s_markup[edit.Item2 % s_markup.Length], .. bytes[at..]],
                2 => [.. bytes[..at], .. Encoding.UTF8.GetBytes(s_snippets[edit.Item2 % s_snippets.Length]), .. bytes[at..]],
                _ => bytes[..at],
            };
        });

    private static readonly Gen<byte[]> AnyBytes = Gen.OneOf(
        ArbMap.Default.GeneratorFor<byte[]>(),
        from n in Gen.Choose(0, 500) from b in Gen.ArrayOf(Gen.Elements(s_markup), n) select b,
        Mutated);

    [Property(MaxTest = 1000)]
    public Property Any_body_gets_a_result_or_an_error() =>
        Prop.ForAll(AnyBytes.ToArbitrary(), body =>
        {
            var ok = BatchSubscription.TryParse(body, out var batch, out var error);
            Assert.Equal(ok, batch is not null);
            Assert.Equal(ok, error.Length == 0);
        });

    [Property(MaxTest = 500)]
    public Property Generated_bodies_read_as_their_resources_and_categories() =>
        Prop.ForAll(Batch.ToArbitrary(), generated =>
        {
            Assert.True(BatchSubscription.TryParse(Encoding.UTF8.GetBytes(generated.Xml), out var batch, out var error), error);
            Assert.Equal(generated.Resources, batch!.Resources);
            Assert.Equal(generated.Categories, batch.Categories);
        });

    internal sealed record GeneratedAction(string Name, string[] Resources, bool Wrapped, int[]? Categories, string CategoryPrefix)
    {
        public bool IsSubscribe => Name.Equals("subscribe", StringComparison.OrdinalIgnoreCase);

        public string Xml(string prefix)
        {
            var resources = string.Concat(Resources.Select(r => $"<{prefix}resource uri=\"{SecurityElement.Escape(r)}\"><{prefix}context/></{prefix}resource>"));
            var list = Wrapped ? $"<{prefix}adhocList>{resources}</{prefix}adhocList>" : resources;
            var ns = CategoryPrefix.Length == 0 ? "xmlns" : "xmlns:" + CategoryPrefix[..^1];
            var categories = Categories is null ? "" :
                $"<{CategoryPrefix}categoryList {ns}=\"{MsrtcNamespaces.CategoryList}\">" +
                string.Concat(Categories.Select(c => $"<{CategoryPrefix}category name=\"{s_categories[c].Name}\"/>")) +
                $"</{CategoryPrefix}categoryList>";
            return $"<{prefix}action name=\"{Name}\" id=\"1\">{list}{categories}</{prefix}action>";
        }
    }

    internal sealed record GeneratedBatch(string Declaration, string Prefix, string Noise, GeneratedAction[] Actions)
    {
        public string Xml =>
            $"{Declaration}<{Prefix}batchSub {(Prefix.Length == 0 ? "xmlns" : "xmlns:" + Prefix[..^1])}=\"{MsrtcNamespaces.BatchSubscribe}\" uri=\"sip:alice@example.com\" name=\"\">{Noise}" +
            string.Concat(Actions.Select(a => a.Xml(Prefix) + Noise)) + $"</{Prefix}batchSub>";

        public string[] Resources => [.. Actions.Where(a => a.IsSubscribe).SelectMany(a => a.Resources)];

        /// <summary>Every category named in a subscribe action, or all we publish when none has a categoryList.</summary>
        public CategorySet Categories =>
            Actions.Where(a => a.IsSubscribe && a.Categories is not null).ToArray() is { Length: > 0 } listed
                ? listed.SelectMany(a => a.Categories!).Aggregate(CategorySet.None, (set, c) => set | s_categories[c].Flag)
                : CategorySet.All;

        public override string ToString() => Xml;
    }
}

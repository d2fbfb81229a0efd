using System.Text;
using System.Text.RegularExpressions;
using PresenceAgent.Http.AdminConsole;

namespace PresenceAgent.Tests.Http.AdminConsole;

/// <summary>
/// The console's embedded files, read as the agent serves them: every page and every file they name is there, and
/// nothing in them would need the Content-Security-Policy loosened or could turn data into markup.
/// </summary>
public sealed partial class ConsoleAssetsTests
{
    private static readonly ConsoleAssets s_assets = ConsoleAssets.Load();

    private static string Text(string name) =>
        s_assets.TryGet(name, out var asset) ? Encoding.UTF8.GetString(asset.Bytes) : throw new FileNotFoundException(name);

    public static TheoryData<string> Pages => [.. AdminConsoleEndpoints.Pages.Values];

    public static TheoryData<string> Scripts => [.. s_assets.Names.Where(n => n.EndsWith(".js", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Each_page_names_only_files_that_are_there(string page)
    {
        var links = Reference().Matches(Text(page)).Select(m => m.Groups["file"].Value).ToList();

        Assert.Contains("console.css", links);
        Assert.Contains("icon.svg", links);
        Assert.All(links, file => Assert.True(s_assets.TryGet(file, out _), $"{page} names assets/{file}, which is not embedded"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void No_page_has_inline_script_style_or_handlers(string page)
    {
        var html = Text(page);

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.Single(ModuleScript().Matches(html));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void No_script_turns_text_into_markup_and_each_import_is_there(string script)
    {
        var js = Text(script);

        Assert.DoesNotMatch(MarkupSink(), js);
        Assert.All(Import().Matches(js).Select(m => m.Groups["file"].Value),
            file => Assert.True(s_assets.TryGet(file, out _), $"{script} imports ./{file}, which is not embedded"));
    }

    [Fact]
    public void Every_file_has_its_type_and_a_strong_etag()
    {
        Assert.True(s_assets.TryGet("console.css", out var css));
        Assert.Equal("text/css; charset=utf-8", css.ContentType);
        Assert.True(s_assets.TryGet("console.js", out var js));
        Assert.Equal("text/javascript; charset=utf-8", js.ContentType);
        Assert.All(s_assets.Names, name =>
        {
            Assert.True(s_assets.TryGet(name, out var asset));
            Assert.Matches("^\"[0-9a-f]{32}\"$", asset.ETag);
        });
    }

    [GeneratedRegex("(?:src|href)=\"assets/(?<file>[^\"]+)\"")]
    private static partial Regex Reference();

    [GeneratedRegex("""from "\./(?<file>[^"]+)";""")]
    private static partial Regex Import();

    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("""<style|\sstyle=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("""\son[a-z]+=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("""<script type="module" src="assets/[a-z-]+\.js"></script>""")]
    private static partial Regex ModuleScript();

    [GeneratedRegex("""innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setHTMLUnsafe""")]
    private static partial Regex MarkupSink();
}

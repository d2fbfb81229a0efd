using PresenceAgent.Documents.Xml;

namespace PresenceAgent.Tests.Documents.Xml;

public sealed class XmlSafeTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Plain room name")]
    [InlineData("Café Zürich 🎥")]
    [InlineData("<&>\"'")]
    public void Returns_safe_text_unchanged_without_copying(string text)
    {
        Assert.Same(text, XmlSafeText.Clean(text));
        Assert.Equal(-1, XmlSafeText.IndexOfUnsafe(text));
    }

    [Fact]
    public void Finds_the_first_unsafe_character()
    {
        // Literals, not InlineData: attribute strings are stored as UTF-8 and lose lone surrogates.
        Assert.Equal(2, XmlSafeText.IndexOfUnsafe("ab\u0000"));
        Assert.Equal(0, XmlSafeText.IndexOfUnsafe("\ud83c"));
        Assert.Equal(1, XmlSafeText.IndexOfUnsafe("x\udfa5"));
        Assert.Equal(2, XmlSafeText.IndexOfUnsafe("\ud83c\udfa5\udfa5"));
        Assert.Equal(1, XmlSafeText.IndexOfUnsafe("é\u0080"));
        Assert.Equal(-1, XmlSafeText.IndexOfUnsafe("\ud83c\udfa5"));
    }

    [Fact]
    public void Clean_keeps_pairs_and_drops_lone_halves() =>
        Assert.Equal("a\ud83c\udfa5b", XmlSafeText.Clean("\udfa5a\ud83c\udfa5b\ud83c"));
}

using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Configuration;

/// <summary>Start, <c>check</c> and <c>explain</c> load the themes with the rest of the configuration and refuse the same faults.</summary>
public sealed class ThemeConfigurationTests : IDisposable
{
    private readonly TempThemeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_folder_with_a_usable_default_and_the_services_themes_loads()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);

        var (_, _, themes, _) = TestConfiguration.Load(TestConfiguration.Build("Themes:Folder=" + _folder.Path));

        Assert.Equal(_folder.Path, themes.Folder);
        Assert.Equal(["boardroom", "default"], themes.Themes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_themes_folder_is_named_with_its_path()
    {
        var nowhere = Path.Combine(_folder.Path, "nowhere");

        var error = Assert.Single(TestConfiguration.Errors("Themes:Folder=" + nowhere));

        Assert.StartsWith($"Themes:Folder: '{nowhere}' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_default_avatar_is_named_with_the_file()
    {
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);

        var error = Assert.Single(TestConfiguration.Errors("Themes:Folder=" + _folder.Path));

        Assert.StartsWith("Themes:DefaultTheme: ", error, StringComparison.Ordinal);
        Assert.Contains(_folder.AvatarPath("default"), error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_default_avatar_is_named_with_the_file_and_the_fault()
    {
        _folder.AddTheme("default", "not a jpeg"u8.ToArray());
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);

        var error = Assert.Single(TestConfiguration.Errors("Themes:Folder=" + _folder.Path));

        Assert.StartsWith("Themes:DefaultTheme: ", error, StringComparison.Ordinal);
        Assert.Contains(_folder.AvatarPath("default"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_theme_that_names_no_folder_is_an_error_naming_the_key_and_the_folder()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);

        var error = Assert.Single(TestConfiguration.Errors("Themes:Folder=" + _folder.Path, "Services:1:Theme=bordroom"));

        Assert.StartsWith($"Services:1:Theme: 'bordroom' names no folder in {_folder.Path}", error, StringComparison.Ordinal);
        Assert.Contains("boardroom, default", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_theme_whose_folder_differs_in_case_or_has_a_bad_avatar_is_accepted()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("Boardroom", "broken"u8.ToArray());

        // The theme falls back to the default picture with a warning at load: a designer's bad file must not stop start.
        var (_, _, themes, _) = TestConfiguration.Load(TestConfiguration.Build("Themes:Folder=" + _folder.Path));

        Assert.Same(themes.DefaultAvatar, themes.GetAvatar("boardroom"));
    }

    [Fact]
    public void Bad_theme_options_are_named_and_the_folder_is_not_read()
    {
        var errors = TestConfiguration.Errors("Themes:Folder=" + Path.Combine(_folder.Path, "nowhere"), "Themes:MaxAvatarPixels=0");

        Assert.StartsWith("Themes:MaxAvatarPixels: 0", Assert.Single(errors), StringComparison.Ordinal);
    }
}

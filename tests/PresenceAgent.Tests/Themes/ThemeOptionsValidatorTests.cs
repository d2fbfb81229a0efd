using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

public sealed class ThemeOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new ThemeOptions();

        var errors = new List<string>();
        ThemeOptionsValidator.Validate(options, errors);

        Assert.Empty(errors);
        Assert.Equal("themes", options.Folder);
        Assert.Equal("default", options.DefaultTheme);
        Assert.Equal(20 * 1024 * 1024, options.MaxAvatarBytes);
        Assert.Equal(40_000_000, options.MaxAvatarPixels);
        Assert.Equal(2, options.RescanSeconds);
        Assert.Equal(["presence_avatar_image.jpg", "presence_avatar_image.png"], ThemeOptions.AvatarFileNames);
    }

    [Fact]
    public void Reports_every_error_at_once_by_setting_name()
    {
        var options = new ThemeOptions { Folder = " ", DefaultTheme = "../x", MaxAvatarBytes = 10, MaxAvatarPixels = 200_000_000, RescanSeconds = 0 };

        var failures = new List<string>();
        ThemeOptionsValidator.Validate(options, failures);

        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Themes:Folder", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:DefaultTheme", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:MaxAvatarBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:MaxAvatarPixels: 200000000 is outside", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:RescanSeconds: 0 is outside", StringComparison.Ordinal));
    }
}

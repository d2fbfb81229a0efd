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
        Assert.Equal(512 * 1024, options.MaxAvatarBytes);
        Assert.Equal(2048, options.MaxAvatarDimension);
        Assert.Equal("presence_avatar_image.jpg", ThemeOptions.AvatarFileName);
    }

    [Fact]
    public void Reports_every_error_at_once_by_setting_name()
    {
        var options = new ThemeOptions { Folder = " ", DefaultTheme = "../x", MaxAvatarBytes = 10, MaxAvatarDimension = 0 };

        var failures = new List<string>();
        ThemeOptionsValidator.Validate(options, failures);

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Themes:Folder", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:DefaultTheme", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:MaxAvatarBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Themes:MaxAvatarDimension", StringComparison.Ordinal));
    }
}

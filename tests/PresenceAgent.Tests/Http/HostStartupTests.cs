using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Http;

public sealed class HostStartupTests
{
    [Fact]
    public async Task Host_refuses_to_start_without_a_default_avatar()
    {
        using var folder = new TempThemeFolder();
        folder.AddTheme("boardroom", ShippedThemes.Boardroom);
        await using WebApplication app = AvatarServer.Build(folder.Path, new CollectingLoggerProvider());

        ThemeStoreException error = await Assert.ThrowsAsync<ThemeStoreException>(() => app.StartAsync());

        Assert.Equal(folder.AvatarPath("default"), error.Path);
    }

    [Fact]
    public async Task Host_refuses_to_start_with_invalid_theme_options()
    {
        using var folder = new TempThemeFolder();
        folder.AddTheme("default", ShippedThemes.Default);
        await using WebApplication app = AvatarServer.Build(
            folder.Path,
            new CollectingLoggerProvider(),
            new Dictionary<string, string?> { ["Themes:MaxAvatarDimension"] = "0" });

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Themes:MaxAvatarDimension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_configuration()
    {
        using var folder = new TempThemeFolder();
        folder.AddTheme("house", ShippedThemes.Boardroom);
        await using WebApplication app = AvatarServer.Build(
            folder.Path,
            new CollectingLoggerProvider(),
            new Dictionary<string, string?> { ["Themes:DefaultTheme"] = "house", ["Themes:MaxAvatarBytes"] = "4096" });

        await app.StartAsync();
        ThemeStore store = (ThemeStore)app.Services.GetService(typeof(ThemeStore))!;
        await app.StopAsync();

        Assert.Equal("house", store.DefaultAvatar.Theme);
    }
}

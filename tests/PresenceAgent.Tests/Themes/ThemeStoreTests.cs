using Microsoft.Extensions.Logging;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

public sealed class ThemeStoreTests : IDisposable
{
    private readonly TempThemeFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Loads_each_theme_with_its_own_avatar()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);

        ThemeStore store = Create();

        Avatar boardroom = store.GetAvatar("boardroom");
        Assert.Equal("boardroom", boardroom.Theme);
        Assert.Equal(("JPEG", 128, 128), (boardroom.Format, boardroom.Width, boardroom.Height));
        Assert.Equal([48, 96, 128], boardroom.Renditions.Select(r => r.Side));
        Assert.Equal(_folder.AvatarPath("boardroom"), boardroom.Path);
        Assert.Equal(["boardroom", "default"], store.Themes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 5100 && e.Level == LogLevel.Information);
    }

    [Fact]
    public void Computes_etag_hash_and_last_modified()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        var written = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_folder.AvatarPath("default"), written);

        Avatar avatar = Create().DefaultAvatar;

        Assert.All(avatar.Renditions, r =>
        {
            string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(r.Bytes.Span).AsSpan(0, 16));
            Assert.Equal(expected, r.Hash);
            Assert.Equal($"\"{expected}\"", r.ETag);
        });
        Assert.Equal(avatar.Default.Hash, avatar.Hash);
        Assert.Same(avatar.Rendition(96), avatar.Default);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), avatar.LastModified);
        Assert.Equal("Mon, 06 May 2024 07:08:09 GMT", avatar.LastModifiedHeader);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("../default")]
    public void Unknown_or_missing_theme_gets_the_default_avatar(string? theme)
    {
        _folder.AddTheme("default", ShippedThemes.Default);

        ThemeStore store = Create();

        Assert.Same(store.DefaultAvatar, store.GetAvatar(theme));
    }

    [Fact]
    public void Theme_names_ignore_case()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("Boardroom", ShippedThemes.Boardroom);

        Assert.Equal("Boardroom", Create().GetAvatar("BOARDROOM").Theme);
    }

    [Fact]
    public void Theme_without_avatar_falls_back_with_a_warning()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("empty", avatar: null);

        ThemeStore store = Create();

        Assert.Same(store.DefaultAvatar, store.GetAvatar("empty"));
        CollectedLog warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5102, warning.EventId.Id);
        Assert.Equal("ThemeAvatarMissing", warning.EventId.Name);
        Assert.Contains(_folder.AvatarPath("empty"), warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png signature only", "Corrupt")]
    [InlineData("truncated", "Truncated")]
    [InlineData("empty-file", "Empty")]
    [InlineData("text", "UnsupportedFormat")]
    public void Corrupt_avatar_falls_back_with_a_warning_naming_the_path_and_fault(string kind, string fault)
    {
        byte[] bytes = kind switch
        {
            "png signature only" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            "truncated" => ShippedThemes.Boardroom[..1000],
            "text" => "<html>not a picture</html>"u8.ToArray(),
            _ => [],
        };
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("broken", bytes);

        ThemeStore store = Create();

        Assert.Same(store.DefaultAvatar, store.GetAvatar("broken"));
        CollectedLog warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5103, warning.EventId.Id);
        Assert.Contains(_folder.AvatarPath("broken"), warning.Message, StringComparison.Ordinal);
        Assert.Contains($"({fault}: ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_avatar_is_refused_without_reading_it()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("huge", new byte[8192]);

        ThemeStore store = Create(new ThemeOptions { MaxAvatarBytes = 4096 });

        Assert.Same(store.DefaultAvatar, store.GetAvatar("huge"));
        CollectedLog warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("TooLarge", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_in_place_of_the_avatar_falls_back_with_a_warning()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        System.IO.Directory.CreateDirectory(_folder.AvatarPath("odd"));

        ThemeStore store = Create();

        Assert.Same(store.DefaultAvatar, store.GetAvatar("odd"));
        CollectedLog warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(_folder.AvatarPath("odd"), warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("caf\u00e9")]
    [InlineData("semi;colon")]
    public void Folders_with_unsafe_names_are_ignored(string name)
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme(name, ShippedThemes.Boardroom);

        ThemeStore store = Create();

        Assert.Equal(["default"], store.Themes);
        CollectedLog warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5105, warning.EventId.Id);
    }

    [Fact]
    public void Folders_differing_only_in_case_keep_the_first()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("Room", ShippedThemes.Boardroom);
        _folder.AddTheme("room", ShippedThemes.Default);

        ThemeStore store = Create();

        Assert.Equal("Room", store.GetAvatar("room").Theme);
        Assert.Equal(5106, Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning).EventId.Id);
    }

    [Fact]
    public void Missing_default_avatar_stops_start_up_naming_the_path()
    {
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);

        ThemeStoreException error = Assert.Throws<ThemeStoreException>(() => Create());

        Assert.Equal(_folder.AvatarPath("default"), error.Path);
        Assert.Contains(_folder.AvatarPath("default"), error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_default_avatar_stops_start_up_naming_the_path_and_fault()
    {
        _folder.AddTheme("default", "not a jpeg"u8.ToArray());

        ThemeStoreException error = Assert.Throws<ThemeStoreException>(() => Create());

        Assert.Equal(_folder.AvatarPath("default"), error.Path);
        Assert.Equal(AvatarFault.UnsupportedFormat, error.Error.Fault);
        Assert.Contains(_folder.AvatarPath("default"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_themes_folder_stops_start_up()
    {
        string nowhere = Path.Combine(_folder.Path, "does-not-exist");

        ThemeStoreException error = Assert.Throws<ThemeStoreException>(() => Create(new ThemeOptions { Folder = nowhere }));

        Assert.StartsWith(nowhere, error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_default_theme_is_used()
    {
        _folder.AddTheme("house", ShippedThemes.Boardroom);

        ThemeStore store = Create(new ThemeOptions { DefaultTheme = "house" });

        Assert.Equal("house", store.DefaultAvatar.Theme);
        Assert.Same(store.DefaultAvatar, store.GetAvatar("anything"));
    }

    [Fact]
    public void Loads_the_shipped_themes_folder()
    {
        ThemeStore store = Create(new ThemeOptions { Folder = ShippedThemes.Folder });

        Assert.Equal(["boardroom", "default"], store.Themes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    private ThemeStore Create(ThemeOptions? options = null)
    {
        options ??= new ThemeOptions();
        if (options.Folder == new ThemeOptions().Folder)
        {
            options = options with { Folder = _folder.Path };
        }

        return new ThemeStore(options, _logs.CreateLogger<ThemeStore>());
    }
}

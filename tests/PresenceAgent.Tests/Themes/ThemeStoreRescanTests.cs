using Microsoft.Extensions.Logging;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

/// <summary>
/// Designers change themes while the agent runs: what a look at the folder takes in, when, and what it leaves alone.
/// Virtual time stands in for the settle delay.
/// </summary>
public sealed class ThemeStoreRescanTests : IDisposable
{
    private static readonly DateTime Written = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly TempThemeFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ManualTimeProvider _time = new();
    private readonly List<ThemeChange> _changes = [];
    private readonly ThemeStore _store;
    private int _writes;

    public ThemeStoreRescanTests()
    {
        Write("default", TestImages.Solid(100, 100, TestImages.Red));
        Write("boardroom", TestImages.Solid(100, 100, TestImages.Green));
        _store = new ThemeStore(new ThemeOptions { Folder = _folder.Path }, _logs.CreateLogger<ThemeStore>(), _time);
        _store.Changed += _changes.Add;
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Nothing_changed_nothing_done()
    {
        var before = _store.Current;

        Assert.False(_store.Rescan());

        Assert.Same(before, _store.Current);
        Assert.Empty(_changes);
    }

    [Fact]
    public void A_replaced_picture_is_served_once_it_has_settled_and_announced()
    {
        var old = _store.GetAvatar("boardroom");
        Write("boardroom", TestImages.Solid(120, 120, TestImages.Blue));

        Assert.True(_store.Rescan());
        Assert.Same(old, _store.GetAvatar("boardroom"));

        _time.Advance(ThemeStore.Settle);
        Assert.False(_store.Rescan());

        var now = _store.GetAvatar("boardroom");
        Assert.NotSame(old, now);
        Assert.Equal(120, now.Width);
        Assert.NotEqual(old.Hash, now.Hash);
        Assert.NotEqual(old.Default.ETag, now.Default.ETag);
        Assert.Equal(1, _store.Revision);
        var change = Assert.Single(_changes);
        Assert.Equal(["boardroom"], change.Themes);
        Assert.True(change.Affects("boardroom"));
        Assert.False(change.Affects(null));
        Assert.False(change.DefaultChanged);
        var log = Assert.Single(_logs.Entries, e => e.EventId.Id == 5115);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains(_folder.AvatarPath("boardroom"), log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_still_being_copied_is_not_read_until_it_stops_changing()
    {
        var whole = TestImages.Solid(120, 120, TestImages.Blue);
        Write("boardroom", whole[..(whole.Length / 2)]);
        Assert.True(_store.Rescan());

        _time.Advance(ThemeStore.Settle / 2);
        Write("boardroom", whole);
        Assert.True(_store.Rescan());

        _time.Advance(ThemeStore.Settle / 2);
        Assert.True(_store.Rescan()); // the whole file has not yet stayed the same for a settle
        _time.Advance(ThemeStore.Settle / 2);
        Assert.False(_store.Rescan());

        Assert.Equal(120, _store.GetAvatar("boardroom").Width);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Single(_changes);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("text")]
    [InlineData("bomb")]
    [InlineData("empty")]
    public void A_refused_replacement_keeps_the_previous_picture_announces_nothing_and_is_logged_once(string kind)
    {
        var old = _store.GetAvatar("boardroom");
        var before = _store.Current;
        Write("boardroom", kind switch
        {
            "truncated" => TestImages.Solid(120, 120, TestImages.Blue)[..500],
            "text" => "not a picture"u8.ToArray(),
            "bomb" => TestImages.PngHeaderOnly(65535, 65535),
            _ => [],
        });

        Settle();
        Settle();

        Assert.Same(old, _store.GetAvatar("boardroom"));
        Assert.Same(before, _store.Current);
        Assert.Empty(_changes);
        var warning = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal((5116, "ThemeAvatarRefused"), (warning.EventId.Id, warning.EventId.Name));
        Assert.Contains(_folder.AvatarPath("boardroom"), warning.Message, StringComparison.Ordinal);
        Assert.Contains("the previous image stays", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_picture_returns_its_theme_to_the_default()
    {
        File.Delete(_folder.AvatarPath("boardroom"));

        Settle();

        Assert.Same(_store.DefaultAvatar, _store.GetAvatar("boardroom"));
        Assert.Contains("boardroom", _store.Folders);
        Assert.True(Assert.Single(_changes).Affects("boardroom"));
        Assert.Equal(5117, Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning).EventId.Id);
    }

    [Fact]
    public void A_new_theme_folder_is_taken_in()
    {
        Write("lobby", TestImages.Solid(90, 90, TestImages.Blue));

        Settle();

        Assert.Equal("lobby", _store.GetAvatar("LOBBY").Theme);
        Assert.Contains("lobby", _store.Folders);
        Assert.Equal(["lobby"], Assert.Single(_changes).Themes);
    }

    [Fact]
    public void A_new_theme_folder_without_a_picture_is_a_folder_and_a_warning()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(_folder.Path, "lobby"));

        Settle();

        Assert.Contains("lobby", _store.Folders);
        Assert.Same(_store.DefaultAvatar, _store.GetAvatar("lobby"));
        Assert.Empty(_changes);
        Assert.Equal(5102, Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning).EventId.Id);
    }

    [Fact]
    public void A_removed_theme_folder_returns_its_services_to_the_default()
    {
        System.IO.Directory.Delete(Path.Combine(_folder.Path, "boardroom"), recursive: true);

        Settle();

        Assert.DoesNotContain("boardroom", _store.Folders);
        Assert.Same(_store.DefaultAvatar, _store.GetAvatar("boardroom"));
        Assert.Single(_changes);
    }

    [Fact]
    public void A_png_may_replace_a_jpeg()
    {
        File.Delete(_folder.AvatarPath("boardroom"));
        Write("boardroom", TestImages.PngHalfTransparent(80, 80, TestImages.Blue), "png");

        Settle();

        var avatar = _store.GetAvatar("boardroom");
        Assert.Equal(("PNG", _folder.AvatarPath("boardroom", "png")), (avatar.Format, avatar.Path));
        Assert.Single(_changes);
    }

    [Fact]
    public void The_same_picture_saved_again_is_no_change()
    {
        var old = _store.GetAvatar("boardroom");
        File.SetLastWriteTimeUtc(_folder.AvatarPath("boardroom"), Written.AddHours(1));

        Settle();

        Assert.Same(old, _store.GetAvatar("boardroom"));
        Assert.Empty(_changes);
        Assert.Equal(0, _store.Revision);
    }

    [Fact]
    public void A_new_default_picture_changes_every_theme_that_shows_it()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(_folder.Path, "bare"));
        Settle();
        Write("default", TestImages.Solid(100, 100, TestImages.Blue));

        Settle();

        var change = Assert.Single(_changes);
        Assert.True(change.DefaultChanged);
        Assert.True(change.Affects(null));
        Assert.True(change.Affects("bare"));
        Assert.True(change.Affects("unknown"));
        Assert.False(change.Affects("boardroom"));
    }

    [Fact]
    public void The_default_picture_removed_stays_served_with_a_warning()
    {
        var old = _store.DefaultAvatar;
        File.Delete(_folder.AvatarPath("default"));

        Settle();

        Assert.Same(old, _store.DefaultAvatar);
        Assert.Empty(_changes);
        var warning = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal((5118, LogLevel.Warning), (warning.EventId.Id, warning.Level));
    }

    [Fact]
    public void A_refused_picture_later_replaced_by_a_good_one_is_taken_in()
    {
        Write("boardroom", "not a picture"u8.ToArray());
        Settle();
        Write("boardroom", TestImages.Solid(110, 110, TestImages.Blue));

        Settle();

        Assert.Equal(110, _store.GetAvatar("boardroom").Width);
        Assert.Single(_changes);
    }

    /// <summary>Two looks a settle apart: what changed is seen, then taken in.</summary>
    private void Settle()
    {
        _store.Rescan();
        _time.Advance(ThemeStore.Settle);
        _store.Rescan();
    }

    /// <summary>Writes a theme's picture with a write time of its own, as a second apart as real saves are.</summary>
    private void Write(string theme, byte[] bytes, string extension = "jpg")
    {
        _folder.AddTheme(theme, bytes, extension);
        File.SetLastWriteTimeUtc(_folder.AvatarPath(theme, extension), Written.AddSeconds(++_writes));
    }
}
